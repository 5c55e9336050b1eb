/** The enrichment sweep against the emulated ESI: corporation and alliance details, weekly, NPCs left to the SDE. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Job } from "bullmq";
import { createLogger } from "../app/log.ts";
import { createEsiClient } from "../esi/esi.client.ts";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { refreshEntityDetails } from "./enrichment.details.ts";
import { createEntityDetailsRepository } from "./enrichment.details.repository.ts";
import { createEnrichmentProcessor } from "./enrichment.job.ts";

// Known to the emulator from the bundled killmails (see esi.app.test.ts); 1000125 is CONCORD, an NPC corporation.
const CORPORATION_ID = 888001549;
const ALLIANCE_ID = 1354830081;
const NPC_CORPORATION_ID = 1000125;
const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sandbox: TestEmulator;
beforeAll(async () => {
  [db, sandbox] = await Promise.all([createTestDatabase(), startTestEmulator()]);
  await db.sql`
    insert into entities (entity_kind, entity_id) values
      ('corporation', ${CORPORATION_ID}), ('alliance', ${ALLIANCE_ID}), ('corporation', ${NPC_CORPORATION_ID})
  `;
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
});

const esiClient = () => createEsiClient({ baseUrl: sandbox.server.esi, userAgent: "killboard-test", retryBaseMs: 1 });
const rowOf = async (kind: string, id: number) =>
  (await db.sql`select * from entities where entity_kind = ${kind} and entity_id = ${id}`)[0]!;
const corporationRequests = () => Object.entries(sandbox.emulator.stats().byRoute)
  .filter(([route]) => route.includes("/corporations/")).reduce((sum, [, count]) => sum + count, 0);

test("a sweep fills a corporation's and an alliance's details, names their leaders and skips NPC corporations", async () => {
  const before = corporationRequests();
  const indexed: { entityKind: string; entityId: number; ticker: string | null }[] = [];
  const process = createEnrichmentProcessor({ sql: db.sql, esi: esiClient(), logger, onEnriched: async (rows) => void indexed.push(...rows) });
  await process({} as Job);
  // One corporation is due; CONCORD is never asked for.
  expect(corporationRequests() - before).toBe(1);
  const esiCorporation = await (await sandbox.get(`/corporations/${CORPORATION_ID}/`)).json();
  const esiAlliance = await (await sandbox.get(`/alliances/${ALLIANCE_ID}/`)).json();
  const corporation = await rowOf("corporation", CORPORATION_ID);
  expect(corporation).toMatchObject({ ticker: esiCorporation.ticker, memberCount: esiCorporation.member_count, ceoId: esiCorporation.ceo_id, allianceId: ALLIANCE_ID });
  expect(corporation.dateFounded.toISOString()).toBe(esiCorporation.date_founded.replace("Z", ".000Z"));
  const alliance = await rowOf("alliance", ALLIANCE_ID);
  expect(alliance).toMatchObject({ ticker: esiAlliance.ticker, executorCorporationId: esiAlliance.executor_corporation_id });
  expect(alliance.detailsUpdatedAt).toBeInstanceOf(Date);
  expect((await rowOf("corporation", NPC_CORPORATION_ID)).detailsUpdatedAt).toBeNull();
  // The CEO was never on a killmail: the same sweep's names pass named the row the details pass added.
  expect((await rowOf("character", esiCorporation.ceo_id)).name).toBe((await (await sandbox.get(`/characters/${esiCorporation.ceo_id}/`)).json()).name);
  expect(indexed.find((row) => row.entityKind === "alliance")?.ticker).toBe(esiAlliance.ticker);
});

test("only details older than a week are fetched again", async () => {
  await db.sql`update entities set member_count = -1, details_updated_at = now() - interval '8 days' where entity_kind = 'corporation' and entity_id = ${CORPORATION_ID}`;
  await db.sql`update entities set ticker = 'OLD', details_updated_at = now() - interval '6 days' where entity_kind = 'alliance'`;
  await db.sql`update entities set details_updated_at = now() where entity_kind = 'corporation' and entity_id <> ${CORPORATION_ID}`;
  const result = await refreshEntityDetails({ esi: esiClient(), repository: createEntityDetailsRepository({ sql: db.sql }) });
  expect(result).toMatchObject({ due: 1, refreshed: 1, failed: 0 });
  expect((await rowOf("corporation", CORPORATION_ID)).memberCount).toBeGreaterThan(0);
  expect((await rowOf("alliance", ALLIANCE_ID)).ticker).toBe("OLD");
});

test("a failed fetch is reported and left due for the next sweep, and an id ESI does not know is not asked again", async () => {
  await db.sql`insert into entities (entity_kind, entity_id) values ('corporation', 98999999)`;
  await db.sql`update entities set details_updated_at = null where entity_kind = 'corporation' and entity_id = ${CORPORATION_ID}`;
  const repository = createEntityDetailsRepository({ sql: db.sql });
  const failures: number[] = [];
  sandbox.emulator.setFaults({ errorRate: 1 });
  try {
    const failed = await refreshEntityDetails({ esi: esiClient(), repository, onFailure: ({ ref }) => void failures.push(ref.entityId) });
    expect(failed).toMatchObject({ due: 2, refreshed: 0, failed: 2 });
  } finally {
    sandbox.emulator.setFaults({ errorRate: 0 });
  }
  expect(failures.sort()).toEqual([98999999, CORPORATION_ID].sort());
  const retried = await refreshEntityDetails({ esi: esiClient(), repository });
  expect(retried).toMatchObject({ due: 2, refreshed: 1, unknown: 1, failed: 0 });
  expect(await refreshEntityDetails({ esi: esiClient(), repository })).toMatchObject({ due: 0 });
});
