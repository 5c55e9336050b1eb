import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { createKillmailRepository } from "./killmail.repository.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { RULES_THRESHOLDS } from "./rules.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** A real player-ship loss with a player final blow, re-numbered: copies at one minute share its pad hash. */
async function copiesOf({ count, firstId, time }: { count: number; firstId: number; time: string }) {
  const records = await readFixtureKillmails();
  const record = records.find((r) => r.esi.victim.character_id && r.esi.attackers.some((a: { final_blow: boolean; character_id?: number }) => a.final_blow && a.character_id))!;
  const context = await createTestUniverse();
  return Promise.all(Array.from({ length: count }, (_, index) => {
    const esi = { ...record.esi, killmail_id: firstId + index, killmail_time: time };
    const input = parseKillmailInput({ json: { killmail_id: firstId + index, hash: null, esi }, source: "import", firstSeenAt: new Date() });
    return deriveKillmail({ input, context });
  }));
}

const labelsOf = async (ids: number[]) => new Map((await db.sql<{ killmailId: number; labels: string[] }[]>`
  select killmail_id, labels from killmails where killmail_id = any(${ids}::bigint[])`).map((row) => [Number(row.killmailId), row.labels]));

test("the padding re-check labels every kill whose key five others share, and only those, once", async () => {
  const repository = createKillmailRepository({ sql: db.sql });
  const now = new Date();
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 3_600_000).toISOString();
  // Stored one by one, as if each arrived before its look-alikes: none is padding yet.
  const padded = await copiesOf({ count: RULES_THRESHOLDS.paddingMinPriorKills + 1, firstId: 991_000_001, time: minute });
  const other = await copiesOf({ count: 2, firstId: 992_000_001, time: new Date(Date.parse(minute) + 120_000).toISOString() });
  for (const killmail of [...padded, ...other]) await repository.storeKillmails({ killmails: [{ ...killmail, labels: killmail.labels.filter((label) => label !== "padding") }] });
  const ids = padded.map((killmail) => killmail.killmailId);
  const marked = await repository.markPadding({ since: new Date(now.getTime() - 7 * 86_400_000), minOthers: RULES_THRESHOLDS.paddingMinPriorKills });
  expect(marked.sort()).toEqual(ids);
  for (const labels of (await labelsOf(ids)).values()) {
    expect(labels).toContain("padding");
    expect(labels).not.toContain("pvp");
  }
  for (const labels of (await labelsOf(other.map((killmail) => killmail.killmailId))).values()) expect(labels).not.toContain("padding");
  expect(await repository.markPadding({ since: new Date(now.getTime() - 7 * 86_400_000), minOthers: RULES_THRESHOLDS.paddingMinPriorKills })).toEqual([]);
});
