/** Display formatting shared by every page. Pure, so the rounding rules are unit-tested. */

/** EVE's display rounding: 0.0 stays 0.0, anything in (0, 0.05] shows 0.1, otherwise one decimal. */
export function formatSecurity(security: number | null | undefined): string {
  if (security == null || Number.isNaN(security)) return "?";
  if (security > 0 && security <= 0.05) return "0.1";
  const rounded = Math.round(security * 10) / 10;
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(1);
}

/** CSS class of a security band, by the displayed value (what players read). */
export function securityClass(security: number | null | undefined): string {
  const shown = Number(formatSecurity(security));
  if (Number.isNaN(shown)) return "sec-unknown";
  if (shown >= 0.5) return "sec-high";
  if (shown > 0) return "sec-low";
  return "sec-null";
}

const ISK_UNITS: [number, string][] = [[1e12, "t"], [1e9, "b"], [1e6, "m"], [1e3, "k"]];

export function formatIsk(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "0";
  for (const [size, unit] of ISK_UNITS) if (Math.abs(value) >= size) return `${(value / size).toFixed(2)}${unit}`;
  return value.toFixed(2);
}

// Made once: toLocaleString builds a formatter on every call, a fifth of a kill page's CPU (bench/README.md).
const PLAIN = new Intl.NumberFormat("en-US");
const CENTS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatNumber(value: number | null | undefined): string {
  return value == null ? "0" : PLAIN.format(Math.round(value));
}

/** As `toLocaleString("en-US")`: thousands separated, up to three decimals. */
export const formatQuantity = (value: number) => PLAIN.format(value);

export function formatIskExact(value: number): string {
  return CENTS.format(value);
}

export function formatTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * Our own image route (images/images.routes.ts), which mirrors the EVE image server's paths: icons for types,
 * portraits and logos for entities. Same origin, so a page never shows a broken image.
 */
export function imageUrl({ kind, id, size = 64 }: { kind: string; id: number | null | undefined; size?: number }) {
  if (!id) return "";
  if (kind === "ship" || kind === "type") return `/img/types/${id}/icon?size=${size}`;
  if (kind === "character") return `/img/characters/${id}/portrait?size=${size}`;
  if (kind === "corporation") return `/img/corporations/${id}/logo?size=${size}`;
  if (kind === "alliance") return `/img/alliances/${id}/logo?size=${size}`;
  return "";
}

/** "a" Rifter, "an" Avatar: the article English wants before a ship's name. */
export const articleFor = (noun: string) => (/^[aeiou]/i.test(noun) ? "an" : "a");
export const withArticle = (noun: string) => `${articleFor(noun)} ${noun}`;

/** Text placed in hand-built SVG/XML (the charts): markup characters as numeric character references. */
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
