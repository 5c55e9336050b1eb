/**
 * A database seeded with the 121 real killmails (through the real import path), a few entity names including
 * a hostile one, and the web app over it. Shared by the web integration tests and the browser test.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { createLogger } from "../../src/app/log.ts";
import { importKillmails } from "../../src/killmails/killmail.import.ts";
import { loadPrices } from "../../src/prices/prices.usecases.ts";
import { createTotalsRepository } from "../../src/stats/stats.totals.repository.ts";
import { createTopsRepository } from "../../src/stats/stats.tops.repository.ts";
import { refreshHistory } from "../../src/history/history.usecases.ts";
import { createWebApp } from "../../src/web/web.app.ts";
import { createWebDependencies } from "../../src/web/web.setup.ts";
import { createTestDatabase } from "../support/database.ts";

export const FIXTURE = join(import.meta.dir, "../fixtures/killmails.jsonl");
export const HOSTILE_NAME = `<script>alert("pwned")</script>Evil & Co`;

export type FixtureRecord = { killmail_id: number; hash: string; esi: { killmail_time: string; solar_system_id: number; victim: any; attackers: any[] } };

export const readFixture = (): FixtureRecord[] =>
  readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));

/** The first killmail with 40–60 attackers, and its 10th attacker (a player who neither dealt the final blow nor led on damage). */
export function findMinorAttacker(records: FixtureRecord[]) {
  for (const record of records) {
    const attackers = record.esi.attackers;
    if (attackers.length < 40 || attackers.length > 60) continue;
    const tenth = attackers[9];
    const topDamage = Math.max(...attackers.map((a) => a.damage_done));
    if (tenth?.character_id && !tenth.final_blow && tenth.damage_done < topDamage) return { record, characterId: tenth.character_id as number };
  }
  throw new Error("no killmail with a minor 10th attacker in the fixtures");
}

export async function seedDatabase({ sql }: { sql: Awaited<ReturnType<typeof createTestDatabase>>["sql"] }) {
  await loadPrices({ sql });
  const result = await importKillmails({ sql, files: [FIXTURE] });
  if (result.rejected.length) throw new Error(`fixture import rejected ${result.rejected.length}: ${result.rejected[0]?.reason}`);
  const records = readFixture();
  const hostile = records[0]!.esi.victim.character_id as number;
  await sql`update entities set name = ${HOSTILE_NAME}, ticker = ${"<b>"} where entity_kind = 'character' and entity_id = ${hostile}`;
  await sql`update entities set name = 'Corp ' || entity_id, ticker = 'C' || (entity_id % 1000) where entity_kind = 'corporation' and name is null`;
  await sql`update entities set name = 'Pilot ' || entity_id where entity_kind = 'character' and name is null`;
  await createTotalsRepository({ sql }).refreshEntityTotals();
  await createTopsRepository({ sql }).refreshEntityTops();
  await refreshHistory({ sql });
  return { records, hostileCharacterId: hostile };
}

export async function createSeededWeb({ rateLimit = { capacity: 1_000_000, refillPerSecond: 1_000_000 } } = {}) {
  const db = await createTestDatabase();
  const seeded = await seedDatabase({ sql: db.sql });
  const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
  const deps = await createWebDependencies({ sql: db.sql, config: {}, logger, checks: { database: () => db.sql`select 1` }, rateLimit });
  return { db, deps, app: createWebApp({ deps }), ...seeded };
}
