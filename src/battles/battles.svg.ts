/** The battle timeline as inline SVG (no JS), in the style of stats.svg.ts: kills per minute, left side's losses below the right's. Numbers only. */
import { escapeXml } from "../present/present.format.ts";

export function renderTimeline({ bins }: { bins: { minuteMs: number; left: number; right: number }[] }) {
  const width = 720;
  const height = 120;
  const bar = Math.max(1, Math.floor((width - 8) / Math.max(1, bins.length)));
  const max = Math.max(1, ...bins.map((bin) => bin.left + bin.right));
  const scale = (count: number) => Math.round((count / max) * (height - 24));
  const label = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  const bars = bins.map((bin, index) => {
    const x = 4 + index * bar;
    const lh = scale(bin.left);
    const rh = scale(bin.right);
    return `<g><title>${label(bin.minuteMs)}: ${bin.left} left, ${bin.right} right</title>` +
      `<rect x="${x}" y="${height - 14 - lh}" width="${Math.max(1, bar - 1)}" height="${lh}" fill="#7ab8ff"/>` +
      `<rect x="${x}" y="${height - 14 - lh - rh}" width="${Math.max(1, bar - 1)}" height="${rh}" fill="#ff7a7a"/></g>`;
  });
  const ticks = bins.length ? [0, Math.floor(bins.length / 2), bins.length - 1].map((index) =>
    `<text x="${4 + index * bar}" y="${height - 2}">${label(bins[index]!.minuteMs)}</text>`) : [];
  const total = bins.reduce((sum, bin) => sum + bin.left + bin.right, 0);
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(`Kills per minute, ${total} in total: left side's losses in blue, right side's in red`)}">` +
    `<title>Kills per minute</title>${bars.join("")}${ticks.join("")}</svg>`;
}
