/** Battle detection over kills stored through the real store path, in real PostgreSQL. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { readFixture } from "../../test/e2e/seed.ts";
import { EVE_KILL_RULES } from "./battles.models.ts";
import { castFight, castKill, storeRecords, SYSTEMS } from "./battles.testing.ts";
import { refreshBattles } from "./battles.usecases.ts";
import { createBattlesReadRepository } from "./battles.read.repository.ts";

const START = new Date("2025-06-01T12:00:00Z");
const template = readFixture()[0]!;
const blueParties = ["alliance:99100001", "alliance:99100002"];
const redParties = ["alliance:99200001", "corporation:98200009"];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  // 90 minutes: Tanoo for the first hour, Akpivem (next door) from minute 40; two kills a minute in each.
  const fight = [
    ...castFight({ template, start: START, system: SYSTEMS.tanoo, fromMinute: 0, minutes: 60, perMinute: 2, firstId: 900_000_000 }),
    ...castFight({ template, start: START, system: SYSTEMS.akpivem, fromMinute: 40, minutes: 50, perMinute: 2, firstId: 900_100_000 }),
  ];
  // Meanwhile in Sasta, next to Tanoo: one unrelated kill every ten minutes, never a battle.
  const unrelated = Array.from({ length: 9 }, (_, index) => castKill({ template, killmailId: 900_200_000 + index, index,
    time: new Date(START.getTime() + index * 10 * 60_000), system: SYSTEMS.sasta, victim: { alliance: 99_300_001, corporation: 98_300_001 },
    attackers: [{ alliance: 99_300_002, corporation: 98_300_002 }] }));
  await storeRecords({ sql: db.sql, records: [...fight, ...unrelated] });
}, 120_000);
afterAll(() => db.drop());

const listBattles = () => db.sql<{ battleId: number; killCount: number; solarSystemIds: number[]; endedAt: Date; sides: { left: string[]; right: string[] } }[]>`
  select battle_id, kill_count, solar_system_ids, ended_at, sides from battles order by battle_id`;

test("two coalitions fighting across two neighbouring systems make exactly one battle with the two coalitions as its sides", async () => {
  const result = await refreshBattles({ sql: db.sql, rules: EVE_KILL_RULES });
  expect(result?.full).toBe(true);
  const battles = await listBattles();
  expect(battles.map((b) => ({ kills: b.killCount, systems: b.solarSystemIds }))).toEqual([{ kills: 220, systems: [SYSTEMS.tanoo, SYSTEMS.akpivem] }]);
  const sides = [battles[0]!.sides.left, battles[0]!.sides.right].sort((a, b) => a[0]!.localeCompare(b[0]!));
  expect(sides).toEqual([blueParties, redParties]);
  const [{ unrelated }] = await db.sql`select count(*)::int as unrelated from battle_kills where killmail_id >= 900200000` as unknown as [{ unrelated: number }];
  expect(unrelated).toBe(0);
});

test("late kills stored afterwards join the same battle, which grows instead of splitting", async () => {
  const [before] = await listBattles();
  // Late arrivals: kills inside the fight, and ten more minutes of it in Akpivem after its last stored kill.
  const late = [
    ...castFight({ template, start: START, system: SYSTEMS.tanoo, fromMinute: 30, minutes: 3, perMinute: 1, firstId: 900_300_000 }),
    ...castFight({ template, start: START, system: SYSTEMS.akpivem, fromMinute: 90, minutes: 10, perMinute: 2, firstId: 900_400_000 }),
  ];
  await storeRecords({ sql: db.sql, records: late });
  const result = await refreshBattles({ sql: db.sql, rules: EVE_KILL_RULES });
  expect(result?.full).toBe(false);
  const after = await listBattles();
  expect(after.map((b) => b.battleId)).toEqual([before!.battleId]);
  expect(after[0]!.killCount).toBe(before!.killCount + late.length);
  expect(after[0]!.endedAt.getTime()).toBeGreaterThan(before!.endedAt.getTime());
  const [{ covered }] = await db.sql`select count(*)::int as covered from battle_kills where killmail_id = any(${late.map((r) => r.killmail_id)}::bigint[])` as unknown as [{ covered: number }];
  expect(covered).toBe(late.length);
});

test("a battle's items are summed per victim affiliation and type over its kills only, however the statement is planned", async () => {
  const [{ battleId }] = (await listBattles()) as unknown as [{ battleId: number }];
  const reads = createBattlesReadRepository({ sql: db.sql });
  const kills = await reads.findKillSet({ source: { battleId } });
  const expected = await db.sql<{ key: string; destroyed: number; dropped: number }[]>`
    select concat_ws(':', k.victim_corporation_id, k.victim_alliance_id, i.type_id) as key,
      sum(i.quantity_destroyed)::float8 as destroyed, sum(i.quantity_dropped)::float8 as dropped
    from battle_kills b join killmails k using (killmail_id, killmail_time) join killmail_items i using (killmail_id, killmail_time)
    where b.battle_id = ${battleId} group by 1 order by 1`;
  expect(expected.length).toBeGreaterThan(0);
  // Seven runs: PostgreSQL may switch a prepared statement to a generic plan after five; the sums must not change.
  for (let run = 0; run < 7; run++) {
    const items = await reads.listItems({ kills });
    const got = items.map((item) => ({ key: [item.victimCorporationId, item.victimAllianceId, item.typeId].filter((part) => part !== null).join(":"),
      destroyed: item.destroyed, dropped: item.dropped })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    expect(got).toEqual([...expected]);
  }
});
