/**
 * For the BOARD_ENTITIES drills: a board chosen from the emulator's pilots, and the kills that belong on it worked
 * out from the emulator's own records (not through the code under test).
 */
import type { Sql } from "../../src/db/db.client.ts";
import type { EmulatorDataset, EmulatorRecord } from "../../src/upstream/emulator/dataset.ts";
import type { FixtureRecord } from "../e2e/seed.ts";

export type Party = { character_id?: number; corporation_id?: number; alliance_id?: number };
const partiesOf = (record: EmulatorRecord): Party[] => [record.esi.victim, ...record.esi.attackers];

/** The alliance of the first pool pilot that has one, a corporation outside it, a pilot outside both. */
export function chooseBoard({ dataset }: { dataset: EmulatorDataset }) {
  const { pool, records } = dataset;
  const alliance = pool.find((pilot) => pilot.alliance_id)!.alliance_id!;
  const corporation = pool.find((pilot) => pilot.alliance_id !== alliance)!.corporation_id;
  const character = pool.find((pilot) => pilot.alliance_id !== alliance && pilot.corporation_id !== corporation)!.character_id;
  const expected = records.filter((record) => partiesOf(record).some((party) =>
    party.alliance_id === alliance || party.corporation_id === corporation || party.character_id === character,
  )).map((record) => record.killmail_id).sort((a, b) => a - b);
  return { env: `alliance:${alliance},corporation:${corporation},character:${character}`, expected, offBoard: records.length - expected.length };
}

/** Kills counted as kept off the board (ingest outcomes) for one feed source. */
export const countOutsideBoard = async ({ sql, source }: { sql: Sql; source: string }) => (await sql<{ count: number }[]>`
  select coalesce(sum(count), 0)::int as count from ingest_outcomes where outcome = 'outside-board' and source = ${source}`)[0]!.count;

export const listStoredIds = async ({ sql }: { sql: Sql }) =>
  (await sql<{ killmailId: number }[]>`select killmail_id from killmails order by killmail_id`).map((row) => Number(row.killmailId));

/** The data set's monthly partitions, made up front as `cron` would, so no worker creates one mid-drill. */
export async function createPartitionsFor({ sql, dataset }: { sql: Sql; dataset: EmulatorDataset }) {
  const months = new Set(dataset.records.map((record) => `${record.killmail_time.slice(0, 7)}-01`));
  for (const month of months) await sql`select ensure_killmail_partitions(${month}::date)`;
}

/** The player corporation on the most fixture killmails as an attacker: a board with members to rank, apart from the enemy's. */
export function busiestAttackingCorporation(records: FixtureRecord[]) {
  const counts = new Map<number, number>();
  for (const record of records) {
    const corporations = new Set((record.esi.attackers as Party[]).map((a) => a.corporation_id).filter((id): id is number => !!id && id > 2_000_000));
    for (const id of corporations) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}
