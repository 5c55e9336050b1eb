import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { listKillmailMonths, toChildRows, toEntityStubs, toKillmailRow } from "./killmail.rows.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const [record] = await readFixtureKillmails();
const context = await createTestUniverse();
const derive = (firstSeenAt: Date) => deriveKillmail({ input: parseKillmailInput({ json: record, source: "import", firstSeenAt }), context });

describe("killmail rows", () => {
  test("ingest latency is the time from first sighting to storage, kept within the integer column", () => {
    const storedAt = new Date("2026-01-02T00:00:00Z");
    expect(toKillmailRow({ killmail: derive(new Date("2026-01-01T23:59:59Z")), storedAt }).ingest_latency_ms).toBe(1000);
    expect(toKillmailRow({ killmail: derive(new Date("2025-01-01T00:00:00Z")), storedAt }).ingest_latency_ms).toBe(2_147_483_647);
  });

  test("the hull's price, source and inputs are stored beside the total they are part of", () => {
    const killmail = derive(new Date());
    const row = toKillmailRow({ killmail, storedAt: new Date() });
    expect(row).toMatchObject({ hull_unit_price: killmail.values.hull.unitPrice, hull_price_source: killmail.values.hull.priceSource });
    expect(row.hull_price_inputs).toEqual(killmail.values.hull.inputs);
    const items = toChildRows({ killmail }).items.reduce((sum, item) => sum + item.unit_price * (item.quantity_dropped + item.quantity_destroyed), 0);
    expect(row.hull_unit_price + items).toBeCloseTo(row.total_value, 1);
  });

  test("child rows carry the partition key, and entity stubs are distinct characters, corporations and alliances", () => {
    const killmail = derive(new Date());
    const { attackers, items, involvement } = toChildRows({ killmail });
    expect(attackers).toHaveLength(record!.esi.attackers.length);
    expect([...attackers, ...items, ...involvement].every((row) => row.killmail_time === killmail.killmailTime.toISOString())).toBe(true);
    const stubs = toEntityStubs({ killmails: [killmail, killmail] });
    expect(new Set(stubs.map((stub) => `${stub.entity_kind}:${stub.entity_id}`)).size).toBe(stubs.length);
    expect(stubs.every((stub) => ["character", "corporation", "alliance"].includes(stub.entity_kind))).toBe(true);
    expect(listKillmailMonths({ killmails: [killmail] })).toEqual([`${killmail.killmailTime.toISOString().slice(0, 7)}-01`]);
  });
});
