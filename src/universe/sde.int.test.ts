import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createTestDatabase } from "../../test/support/database.ts";
import { loadSde } from "./sde.usecases.ts";

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

function typeIdsOfKillmail(esi: any): number[] {
  const ids = [esi.victim.ship_type_id];
  for (const attacker of esi.attackers) ids.push(attacker.ship_type_id, attacker.weapon_type_id);
  const walk = (items: any[] = []) => items.forEach((item) => (ids.push(item.item_type_id), walk(item.items)));
  walk(esi.victim.items);
  return ids.filter((id): id is number => typeof id === "number");
}

describe("sde load", () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  test("is idempotent and loads at least 48,000 types", async () => {
    const { counts } = await loadSde({ sql: db.sql });
    const again = await loadSde({ sql: db.sql });
    expect(again.counts).toEqual(counts);
    expect(counts.types).toBeGreaterThanOrEqual(48_000);
    expect(counts.solar_systems).toBeGreaterThanOrEqual(8_490);
  });

  test("type 670 is the Capsule in group 29, category 6", async () => {
    const [capsule] = await db.sql`select name, group_id, category_id from types where type_id = 670`;
    expect(capsule).toEqual({ name: "Capsule", groupId: 29, categoryId: 6 });
  });

  test("Jita is in The Forge with security about 0.9459", async () => {
    const [jita] = await db.sql<{ name: string; regionId: number; region: string; security: number }[]>`
      select s.name, s.region_id, r.name as region, s.security
      from solar_systems s join regions r using (region_id) where s.solar_system_id = 30000142
    `;
    expect(jita?.name).toBe("Jita");
    expect(jita?.regionId).toBe(10000002);
    expect(jita?.region).toBe("The Forge");
    expect(jita?.security).toBeCloseTo(0.9459, 4);
  });

  test("every type used by the real killmails resolves to a name", async () => {
    const lines = readFileSync(new URL("../../test/fixtures/killmails.jsonl", import.meta.url), "utf8").split("\n").filter(Boolean);
    const ids = [...new Set(lines.flatMap((line) => typeIdsOfKillmail(JSON.parse(line).esi)))];
    expect(ids.length).toBeGreaterThan(1_000);
    const rows = await db.sql<{ typeId: number }[]>`select type_id from types where type_id in ${db.sql(ids)} and name <> ''`;
    const found = new Set(rows.map((row) => row.typeId));
    expect(ids.filter((id) => !found.has(id))).toEqual([]);
  });

  test("a directory with a malformed line is refused with the table and line named", async () => {
    const dir = `${process.env.TMPDIR ?? "/tmp"}/sde-bad-${process.pid}`;
    await Bun.write(`${dir}/categories.jsonl`, '{"category_id":1,"name":"ok"}\n{"category_id":2}\n');
    await expect(loadSde({ sql: db.sql, from: dir })).rejects.toThrow("categories line 2: missing name");
  });
});
