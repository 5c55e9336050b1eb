/**
 * The image route's rules, pure: which image-server paths exist (UPSTREAMS: images.evetech.net serves
 * `/<category>/<id>/<variation>?size=`), how long an answer may be kept (its Cache-Control), and the placeholder
 * drawn when the image server has no image or cannot be reached: a silhouette of the type's category, or an
 * entity's initials, as an SVG of the requested size (so the page keeps its layout).
 */
import { escapeXml } from "../present/present.format.ts";

const VARIATIONS = {
  types: ["icon", "render", "bp", "bpc"], characters: ["portrait"], corporations: ["logo"], alliances: ["logo"],
} as const satisfies Record<string, readonly string[]>;
type Category = keyof typeof VARIATIONS;
const isCategory = (value: string): value is Category => Object.hasOwn(VARIATIONS, value);
export const IMAGE_SIZES = [32, 64, 128, 256, 512, 1024] as const;
const MAX_ID = Number.MAX_SAFE_INTEGER;

export type ImageRequest = { category: Category; id: number; variation: string; size: number };

/** The request behind `/img/<category>/<id>/<variation>?size=`, or the reason it is none. */
export function parseImageRequest({ category, id, variation, size }: { category: string; id: string; variation: string; size: string | undefined }):
  { request: ImageRequest } | { problem: string } {
  if (!isCategory(category)) return { problem: `category must be one of ${Object.keys(VARIATIONS).join(", ")}` };
  const variations: readonly string[] = VARIATIONS[category];
  if (!variations.includes(variation)) return { problem: `${category} images are ${variations.join(", ")}` };
  if (!/^\d{1,16}$/.test(id) || Number(id) < 1 || Number(id) > MAX_ID) return { problem: "id must be a positive whole number" };
  const pixels = size === undefined ? 64 : Number(size);
  if (!IMAGE_SIZES.includes(pixels as (typeof IMAGE_SIZES)[number])) return { problem: `size must be one of ${IMAGE_SIZES.join(", ")}` };
  return { request: { category, id: Number(id), variation, size: pixels } };
}

/** The cache key and the image server's path: one string. */
export const imagePath = ({ category, id, variation, size }: ImageRequest) => `${category}/${id}/${variation}?size=${size}`;

const DAY_S = 86_400;
/** How long the image server said an answer may be kept (max-age), a day when it said nothing, a year at most. */
export function keepSeconds({ cacheControl }: { cacheControl: string | null }) {
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl ?? "")?.[1]);
  return Number.isFinite(maxAge) && maxAge > 0 ? Math.min(maxAge, 365 * DAY_S) : DAY_S;
}

/** What the placeholder shows: a type's category (its silhouette) or an entity's name (its initials). */
export type PlaceholderSubject = { kind: "type"; categoryId: number | null; label: string } | { kind: "entity"; name: string | null; round: boolean };

const SILHOUETTES: Record<number, string> = {
  // ship: a hull seen from above
  6: '<path d="M32 8 L44 40 L38 56 L26 56 L20 40 Z" fill="#5a6b80"/>',
  // charge: a round of ammunition
  8: '<path d="M26 20 Q32 8 38 20 L38 52 L26 52 Z" fill="#8a7a50"/>',
  // drone: a small craft
  18: '<circle cx="32" cy="32" r="12" fill="#5a6b80"/><path d="M14 32 H50" stroke="#5a6b80" stroke-width="4"/>',
  // structure: a station tower
  65: '<path d="M24 54 V22 L32 10 L40 22 V54 Z" fill="#5a6b80"/><path d="M16 54 H48" stroke="#5a6b80" stroke-width="4"/>',
};
// module and anything else: a fitted part
const DEFAULT_SILHOUETTE = '<rect x="18" y="18" width="28" height="28" rx="4" fill="#5a6b80"/>';

/** Up to two initials of a name ("Goonswarm Federation" → "GF"); "?" without one. */
export function initialsOf({ name }: { name: string | null }) {
  const words = (name ?? "").match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : words[0] ? [...words[0]].slice(0, 2) : ["?"];
  return letters.join("").toUpperCase();
}

export function renderPlaceholder({ subject, size }: { subject: PlaceholderSubject; size: number }) {
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">`;
  if (subject.kind === "type") {
    const shape = SILHOUETTES[subject.categoryId ?? -1] ?? DEFAULT_SILHOUETTE;
    return `${open}<title>${escapeXml(subject.label)}</title><rect width="64" height="64" fill="#1b2430"/>${shape}</svg>`;
  }
  const initials = escapeXml(initialsOf({ name: subject.name }));
  const frame = subject.round ? '<circle cx="32" cy="32" r="32" fill="#2b3a4d"/>' : '<rect width="64" height="64" fill="#2b3a4d"/>';
  return `${open}<title>${escapeXml(subject.name ?? "")}</title>${frame}<text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="bold" fill="#c8d3e0" text-anchor="middle">${initials}</text></svg>`;
}
