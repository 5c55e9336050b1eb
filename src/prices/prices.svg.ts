/** A type's daily average as an inline SVG line (no JS), as stats.svg.ts draws its charts. Inputs are numbers and days. */
import { escapeXml, formatIsk } from "../present/present.format.ts";

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 56;
const BOTTOM = 18;
const TOP = 8;

export function renderPriceChart({ points }: { points: { day: string; average: number }[] }) {
  if (!points.length) {
    return `<svg class="chart" viewBox="0 0 ${WIDTH} 40" width="100%" role="img" aria-label="No price history"><title>No price history</title><text x="4" y="24">No market history stored</text></svg>`;
  }
  const values = points.map((point) => point.average);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.max(1, max);
  const x = (index: number) => LEFT + (points.length === 1 ? 0 : (index / (points.length - 1)) * (WIDTH - LEFT - 4));
  const y = (value: number) => TOP + (1 - (value - min) / span) * (HEIGHT - TOP - BOTTOM);
  const line = points.map((point, index) => `${x(index).toFixed(1)},${y(point.average).toFixed(1)}`).join(" ");
  const first = points[0]!.day;
  const last = points.at(-1)!.day;
  const label = `Daily average from ${first} to ${last}, between ${formatIsk(min)} and ${formatIsk(max)} ISK`;
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${escapeXml(label)}"><title>${escapeXml(label)}</title>` +
    `<rect x="${LEFT}" y="${TOP}" width="${WIDTH - LEFT - 4}" height="${HEIGHT - TOP - BOTTOM}" fill="#ffffff" fill-opacity="0.04"/>` +
    `<text x="0" y="${TOP + 10}">${escapeXml(formatIsk(max))}</text><text x="0" y="${HEIGHT - BOTTOM}">${escapeXml(formatIsk(min))}</text>` +
    `<text x="${LEFT}" y="${HEIGHT - 4}">${escapeXml(first)}</text><text x="${WIDTH - 4}" y="${HEIGHT - 4}" text-anchor="end">${escapeXml(last)}</text>` +
    // The last day marked too: a single stored day is a point, which a polyline alone does not draw.
    `<polyline points="${line}" fill="none" stroke="#ffb454" stroke-width="1.5"/>` +
    `<circle cx="${x(points.length - 1).toFixed(1)}" cy="${y(points.at(-1)!.average).toFixed(1)}" r="2.5" fill="#ffb454"/></svg>`;
}
