/** The daily page's bar chart and the growth chart of snapshots: inline SVG (no JS) with titles. Inputs are numbers and days only. */
import { escapeXml } from "../present/present.format.ts";

const HEIGHT = 100;
const BASELINE = HEIGHT - 14;

/** Kills (green, up) and losses (red, beside them) per day, oldest left; the width is fixed so a short range stays readable. */
export function renderDailyChart({ days }: { days: { start: string; kills: number; losses: number }[] }) {
  const ordered = [...days].sort((a, b) => a.start.localeCompare(b.start));
  const slot = 8;
  const max = Math.max(1, ...ordered.map((d) => Math.max(d.kills, d.losses)));
  const bars = ordered.map((d, index) => {
    const x = 4 + index * slot;
    const kh = Math.round((d.kills / max) * (BASELINE - 6));
    const lh = Math.round((d.losses / max) * (BASELINE - 6));
    return `<g><title>${escapeXml(d.start)}: ${d.kills} kills, ${d.losses} losses</title>` +
      `<rect x="${x}" y="${BASELINE - kh}" width="3" height="${kh}" fill="#7ddc8a"/><rect x="${x + 3}" y="${BASELINE - lh}" width="3" height="${lh}" fill="#ff7a7a"/></g>`;
  });
  const labels = [ordered[0], ordered.at(-1)].filter((d) => d !== undefined).map((d, index) =>
    `<text x="${index ? 4 + (ordered.length - 1) * slot - 40 : 4}" y="${HEIGHT - 2}">${escapeXml(d.start)}</text>`);
  const width = 8 + Math.max(ordered.length, 30) * slot;
  return `<svg class="chart" viewBox="0 0 ${width} ${HEIGHT}" width="100%" role="img" aria-label="Kills (green) and losses (red) per UTC day">` +
    `<title>Daily kills and losses</title>${bars.join("")}${labels.join("")}</svg>`;
}

/** One figure over the snapshots as a line, oldest left, scaled between its lowest and highest value. */
export function renderGrowthChart({ points, label }: { points: { day: string; value: number }[]; label: string }) {
  const width = 400;
  if (points.length < 2) {
    return `<svg class="chart" viewBox="0 0 ${width} ${HEIGHT}" width="100%" role="img" aria-label="${escapeXml(label)}"><title>${escapeXml(label)}</title>` +
      `<text x="4" y="50">Not enough snapshots yet</text></svg>`;
  }
  const low = Math.min(...points.map((p) => p.value));
  const high = Math.max(...points.map((p) => p.value));
  const first = Date.parse(points[0]!.day);
  const span = Math.max(1, Date.parse(points.at(-1)!.day) - first);
  const xy = points.map((p) => {
    const x = 4 + ((Date.parse(p.day) - first) / span) * (width - 8);
    const y = BASELINE - (high === low ? (BASELINE - 6) / 2 : ((p.value - low) / (high - low)) * (BASELINE - 6));
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const caption = `${points[0]!.day}: ${points[0]!.value} … ${points.at(-1)!.day}: ${points.at(-1)!.value}`;
  return `<svg class="chart" viewBox="0 0 ${width} ${HEIGHT}" width="100%" role="img" aria-label="${escapeXml(`${label}, ${caption}`)}">` +
    `<title>${escapeXml(label)}</title><polyline points="${xy.join(" ")}" fill="none" stroke="#ffb454" stroke-width="2"/>` +
    `<text x="4" y="${HEIGHT - 2}">${escapeXml(points[0]!.day)}</text><text x="${width - 70}" y="${HEIGHT - 2}">${escapeXml(points.at(-1)!.day)}</text>` +
    `<text x="4" y="10">${high}</text></svg>`;
}
