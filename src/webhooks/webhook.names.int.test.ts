import { afterAll, beforeAll, expect, test } from "bun:test";
import type { LiveRecord } from "../live/live.types.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createPayloadNamesReader } from "./webhook.names.ts";
import { buildDiscordPayload } from "./webhook.payloads.ts";

/** CONCORD: an NPC corporation, named only by the SDE (no ESI enrichment row exists for it). */
const CONCORD = 1000125;
const esi = {
  killmail_id: 9002, killmail_time: "2026-11-02T10:00:00Z", solar_system_id: 30000142,
  victim: { character_id: 90000001, corporation_id: 98000001, ship_type_id: 587 },
  attackers: [{ corporation_id: CONCORD, ship_type_id: 3885, final_blow: true }],
};
const record = {
  sequence: 1, killmailId: 9002, hash: "b".repeat(40), killmailTime: "2026-11-02T10:00:00.000Z", storedAt: "2026-11-02T10:00:05.000Z",
  esiText: JSON.stringify(esi), solarSystemId: 30000142, constellationId: 20000020, regionId: 10000002, victimShipTypeId: 587, victimShipGroupId: 25,
  involvement: [
    { kind: "character", id: 90000001, victim: true, finalBlow: false }, { kind: "corporation", id: 98000001, victim: true, finalBlow: false },
    { kind: "corporation", id: CONCORD, victim: false, finalBlow: true }, { kind: "ship", id: 3885, victim: false, finalBlow: true },
  ],
  zkb: { hash: "b".repeat(40), fittedValue: 1, droppedValue: 2, destroyedValue: 3, totalValue: 1, points: 1, npc: true, solo: false, awox: false, labels: [], attackerCount: 1, href: "" },
} satisfies LiveRecord;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase({ max: 2 });
});
afterAll(() => db.drop());

test("an NPC corporation's final blow is named from the static data, and an unnamed player still shows by id", async () => {
  const names = await createPayloadNamesReader({ sql: db.sql })({ record });
  const { embeds: [embed] } = JSON.parse(buildDiscordPayload({ record, names, publicUrl: "https://board.example" }));
  const fields = Object.fromEntries(embed.fields.map((field: { name: string; value: string }) => [field.name, field.value]));
  expect(fields.Attackers).toBe(`1 · final blow [CONCORD](https://board.example/corporation/${CONCORD}/)`);
  expect(fields.Victim).toBe("[Character #90000001](https://board.example/character/90000001/)");
});
