/**
 * The bundled celestials (data/sde/celestials.jsonl.gz, one line per solar system) in memory. About 480k
 * celestials: the file is inflated once per process on first use (kept as bytes, about 40 MB) and a system's line is
 * decoded and parsed only when asked for, so no query or table is needed and the compiled binary carries the data.
 */
import { readFileSync } from "node:fs";
import { LRUCache } from "lru-cache";
import { celestialsBundle } from "../../data/sde/index.ts";
import type { Celestial, CelestialKind } from "./celestials.models.ts";

type Line = { solar_system_id: number; celestials: [number, CelestialKind, number, number, number, number | null, string][] };

/** The inflated bytes and where each system's line lies in them: kept as UTF-8 bytes, a third of the strings' size. */
type Inflated = { bytes: Uint8Array; spans: Map<number, [number, number]> };
/** Built on first use, never at import: the gunzip takes about 0.3 s and blocks, so roles call warmCelestials. */
let inflated: Inflated | null = null;
const PREFIX = new TextEncoder().encode('{"solar_system_id":');
const NEWLINE = 0x0a;

function readSystemId(bytes: Uint8Array, start: number) {
  for (let index = 0; index < PREFIX.length; index++) if (bytes[start + index] !== PREFIX[index]) return null;
  let id = 0;
  let at = start + PREFIX.length;
  while (bytes[at]! >= 0x30 && bytes[at]! <= 0x39) id = id * 10 + bytes[at++]! - 0x30;
  return at > start + PREFIX.length ? id : null;
}

function inflate(): Inflated {
  const bytes = Bun.gunzipSync(new Uint8Array(readFileSync(celestialsBundle)));
  const spans = new Map<number, [number, number]>();
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const id = readSystemId(bytes, start);
    if (id !== null) spans.set(id, [start, end]);
    start = end + 1;
  }
  return { bytes, spans };
}

function loaded() {
  inflated ??= inflate();
  return inflated;
}

/** Inflates the bundle now, so the first request or job that needs a celestial does not wait for it. */
export function warmCelestials() {
  loaded();
}

const decoder = new TextDecoder();

function lineOf({ solarSystemId }: { solarSystemId: number }) {
  const { bytes, spans } = loaded();
  const span = spans.get(solarSystemId);
  return span ? decoder.decode(bytes.subarray(span[0], span[1])) : null;
}

/**
 * The systems decoded last: decoding one is a JSON.parse of all its celestials (hundreds in a busy system), which was
 * nearly 3 % of an uncached kill page's CPU for the one name it shows, and kills cluster in few systems.
 */
const decoded = new LRUCache<number, readonly Celestial[]>({ max: 2_000 });

/** A system's celestials; [] for systems the bundle leaves out (abyssal pockets, see scripts/build-celestials.ts). */
export function celestialsOf(solarSystemId: number): readonly Celestial[] {
  const cached = decoded.get(solarSystemId);
  if (cached) return cached;
  const line = lineOf({ solarSystemId });
  const celestials = Object.freeze(line ? (JSON.parse(line) as Line).celestials
    .map(([celestialId, kind, x, y, z, radius, name]) => Object.freeze({ celestialId, kind, x, y, z, radius, name })) : []);
  decoded.set(solarSystemId, celestials);
  return celestials;
}

export function celestialName({ solarSystemId, celestialId }: { solarSystemId: number; celestialId: number }) {
  return celestialsOf(solarSystemId).find((celestial) => celestial.celestialId === celestialId)?.name;
}
