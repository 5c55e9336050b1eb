/**
 * The bundled celestials (data/sde/celestials.jsonl.gz, one line per solar system) in memory. About 480k
 * celestials: the file is inflated once per process on first use and a system's line is parsed only when asked
 * for, so no query or table is needed and the compiled binary carries the data.
 */
import { readFileSync } from "node:fs";
import { celestialsBundle } from "../../data/sde/index.ts";
import type { Celestial, CelestialKind } from "./celestials.models.ts";

type Line = { solar_system_id: number; celestials: [number, CelestialKind, number, number, number, number | null, string][] };

const inflated = new Map<string, Map<number, string>>();

function linesBySystem({ path }: { path: string }) {
  let lines = inflated.get(path);
  if (!lines) {
    lines = new Map();
    const text = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(readFileSync(path))));
    for (const line of text.split("\n")) {
      const match = /^\{"solar_system_id":(\d+)/.exec(line);
      if (match) lines.set(Number(match[1]), line);
    }
    inflated.set(path, lines);
  }
  return lines;
}

export type CelestialIndex = ReturnType<typeof createCelestialIndex>;

export function createCelestialIndex({ path = celestialsBundle }: { path?: string } = {}) {
  function celestialsOf(solarSystemId: number): Celestial[] {
    const line = linesBySystem({ path }).get(solarSystemId);
    if (!line) return [];
    return (JSON.parse(line) as Line).celestials.map(([celestialId, kind, x, y, z, radius, name]) => ({ celestialId, kind, x, y, z, radius, name }));
  }
  return {
    celestialsOf,
    celestialName({ solarSystemId, celestialId }: { solarSystemId: number; celestialId: number }) {
      return celestialsOf(solarSystemId).find((celestial) => celestial.celestialId === celestialId)?.name;
    },
  };
}
