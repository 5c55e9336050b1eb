/** Server-rendered charts (no JS): inline SVG with a title for screen readers. Inputs are numbers only. */
import { escapeXml } from "../present/present.format.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export function renderHeatmap({ cells }: { cells: { dow: number; hour: number; kills: number }[] }) {
  const cell = 14;
  const left = 30;
  const top = 14;
  const max = Math.max(1, ...cells.map((c) => c.kills));
  const total = cells.reduce((sum, c) => sum + c.kills, 0);
  const rects = cells.map((c) => {
    const opacity = (0.15 + 0.85 * (c.kills / max)).toFixed(2);
    return `<rect x="${left + c.hour * cell}" y="${top + c.dow * cell}" width="${cell - 2}" height="${cell - 2}" fill="#ffb454" fill-opacity="${opacity}"><title>${DAYS[c.dow]} ${String(c.hour).padStart(2, "0")}:00 UTC: ${c.kills} kills</title></rect>`;
  });
  const days = DAYS.map((day, index) => `<text x="0" y="${top + index * cell + 10}">${day}</text>`);
  const hours = [0, 6, 12, 18, 23].map((hour) => `<text x="${left + hour * cell}" y="10">${hour}h</text>`);
  const width = left + 24 * cell + 16;
  const height = top + 7 * cell;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(`Kills by weekday and UTC hour, ${total} in total`)}">` +
    `<title>Activity heatmap</title><rect x="${left}" y="${top}" width="${24 * cell - 2}" height="${7 * cell - 2}" fill="#ffffff" fill-opacity="0.04"/>${days.join("")}${hours.join("")}${rects.join("")}</svg>`;
}

export function renderMonthly({ months }: { months: { month: string; kills: number; losses: number }[] }) {
  const ordered = [...months].sort((a, b) => a.month.localeCompare(b.month)).slice(-12);
  const bar = 24;
  const height = 100;
  const max = Math.max(1, ...ordered.map((m) => Math.max(m.kills, m.losses)));
  const bars = ordered.map((m, index) => {
    const x = 4 + index * (bar * 2 + 8);
    const kh = Math.round((m.kills / max) * (height - 20));
    const lh = Math.round((m.losses / max) * (height - 20));
    return `<g><title>${escapeXml(m.month)}: ${m.kills} kills, ${m.losses} losses</title>` +
      `<rect x="${x}" y="${height - 14 - kh}" width="${bar}" height="${kh}" fill="#7ddc8a"/>` +
      `<rect x="${x + bar}" y="${height - 14 - lh}" width="${bar}" height="${lh}" fill="#ff7a7a"/>` +
      `<text x="${x}" y="${height - 2}">${escapeXml(m.month.slice(2))}</text></g>`;
  });
  // A fixed width of twelve months keeps one busy month from filling the panel.
  const width = 8 + 12 * (bar * 2 + 8);
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Kills (green) and losses (red) per month">` +
    `<title>Monthly kills and losses</title>${bars.join("") || `<text x="4" y="50">No activity yet</text>`}</svg>`;
}
