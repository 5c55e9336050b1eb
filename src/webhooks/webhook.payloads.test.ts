import { expect, test } from "bun:test";
import type { LiveRecord } from "../live/live.types.ts";
import { v1KillmailFrame } from "../live/ws.v1.ts";
import { buildDiscordPayload, buildJsonPayload, type PayloadNames } from "./webhook.payloads.ts";

const esi = {
  killmail_id: 9001, killmail_time: "2026-11-02T10:00:00Z", solar_system_id: 30000142,
  victim: { character_id: 90000001, corporation_id: 98000001, ship_type_id: 587 },
  attackers: [{ corporation_id: 98000002, ship_type_id: 24690, final_blow: false }, { character_id: 90000002, corporation_id: 98000002, final_blow: true }],
};
const record = {
  sequence: 12, killmailId: 9001, hash: "a".repeat(40), killmailTime: "2026-11-02T10:00:00.000Z", storedAt: "2026-11-02T10:00:05.000Z",
  esiText: JSON.stringify(esi), solarSystemId: 30000142, constellationId: 20000020, regionId: 10000002, victimShipTypeId: 587, victimShipGroupId: 25,
  involvement: [], zkb: { hash: "a".repeat(40), fittedValue: 1, droppedValue: 2, destroyedValue: 3, totalValue: 1_250_000, points: 1, npc: false, solo: false, awox: false, labels: [], attackerCount: 2, href: "" },
} satisfies LiveRecord;
const names: PayloadNames = {
  typeName: (id) => (id === 587 ? "Rifter" : `type ${id}`), systemName: () => "Jita", systemSecurity: () => 0.946, regionName: () => "The Forge",
  entityName: (kind, id) => (kind === "character" && id === 90000001 ? "Victim Pilot" : undefined),
};

test("the Discord embed links the kill, ship, system and players under the public URL, with the ship's render", () => {
  const { embeds: [embed] } = JSON.parse(buildDiscordPayload({ record, names, publicUrl: "https://board.example/" }));
  expect(embed).toMatchObject({ title: "Rifter destroyed in Jita", url: "https://board.example/kill/9001/", timestamp: "2026-11-02T10:00:00.000Z", thumbnail: { url: "https://images.evetech.net/types/587/render?size=128" } });
  expect(Object.fromEntries(embed.fields.map((field: { name: string; value: string }) => [field.name, field.value]))).toEqual({
    Victim: "[Victim Pilot](https://board.example/character/90000001/)",
    Ship: "[Rifter](https://board.example/ship/587/)",
    System: "[Jita](https://board.example/system/30000142/) (0.9) · The Forge",
    Value: "1.25m ISK",
    // A player without a stored name is still linked, by id.
    Attackers: "2 · final blow [Character #90000002](https://board.example/character/90000002/)",
  });
});

test("our JSON is the /ws/v1 message: type, sequence, and the ESI body with zkb", () => {
  expect(JSON.parse(buildJsonPayload({ record }))).toEqual({ type: "killmail", sequence: 12, data: { ...esi, zkb: record.zkb } });
});

test("our JSON is byte for byte the /ws/v1 frame, the ESI text as stored rather than re-serialised", () => {
  const spaced = { ...record, esiText: JSON.stringify(esi, null, 1) };
  expect(buildJsonPayload({ record: spaced })).toBe(v1KillmailFrame({ record: spaced }));
  expect(buildJsonPayload({ record: spaced })).toContain(`"data":{\n "killmail_id": 9001`);
});
