#!/usr/bin/env bun
/**
 * Regenerates data/sde/system_links.jsonl.gz: each solar system's stargate neighbours, which battle detection
 * reads to join fights in adjacent systems. Source: zKillboard's mapSystems export (`linkedSystemIDs`), copied
 * from the shared extracts (../shared/data/sde/zkillboard_mapSystems.jsonl). Systems without gates (wormholes,
 * Pochven's filaments aside) are left out. Run by a developer when the source changes; the output is committed.
 *   bun scripts/build-system-links.ts [../shared/data/sde]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const source = process.argv[2] ?? join(import.meta.dir, "../../shared/data/sde");
const out = join(import.meta.dir, "../data/sde/system_links.jsonl.gz");

const rows = readFileSync(join(source, "zkillboard_mapSystems.jsonl"), "utf8").split("\n").filter(Boolean)
  .map((line) => JSON.parse(line) as { id: number; linkedSystemIDs?: number[] })
  .filter((system) => system.linkedSystemIDs?.length)
  .map((system) => ({ solar_system_id: system.id, linked_system_ids: [...new Set(system.linkedSystemIDs)].sort((a, b) => a - b) }))
  .sort((a, b) => a.solar_system_id - b.solar_system_id);
writeFileSync(out, Bun.gzipSync(Buffer.from(rows.map((row) => JSON.stringify(row)).join("\n") + "\n"), { level: 9 }));
console.log(`system_links: ${rows.length}`);
