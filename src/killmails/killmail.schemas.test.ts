import { describe, expect, test } from "bun:test";
import { readFixtureKillmails } from "../../test/support/universe.ts";
import { isAppError } from "../app/errors.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const firstSeenAt = new Date("2026-01-01T00:00:00Z");
const fixtures = await readFixtureKillmails();
const withNestedItems = fixtures.find((line) => line.killmail_id === 82270857)!;

function errorOf(json: unknown) {
  try {
    parseKillmailInput({ json, source: "import", firstSeenAt });
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected parseKillmailInput to throw");
}

describe("parseKillmailInput", () => {
  test("every real fixture record parses, with its id, hash and zkb block kept", () => {
    const inputs = fixtures.map((json) => parseKillmailInput({ json, source: "import", firstSeenAt }));
    expect(inputs).toHaveLength(121);
    expect(inputs.filter((input) => input.hash === null)).toHaveLength(7);
    expect(inputs.filter((input) => input.upstreamZkb !== undefined)).toHaveLength(8);
    expect(inputs.every((input, index) => input.killmailId === fixtures[index]!.killmail_id)).toBe(true);
  });

  test("a bare ESI body is accepted, with the hash passed beside it", () => {
    const input = parseKillmailInput({ json: withNestedItems.esi, source: "manual", firstSeenAt, hash: withNestedItems.hash });
    expect(input.killmailId).toBe(82270857);
    expect(input.hash).toBe(withNestedItems.hash);
    expect(input.esi.victim.items?.some((item) => (item.items?.length ?? 0) > 0)).toBe(true);
  });

  test("unknown fields are tolerated and kept", () => {
    const json = { ...withNestedItems, esi: { ...withNestedItems.esi, new_ccp_field: 1 } };
    expect(parseKillmailInput({ json, source: "import", firstSeenAt }).esi.new_ccp_field).toBe(1);
  });

  test("a wrongly typed item flag is rejected with the JSON path of the problem", () => {
    const esi = structuredClone(withNestedItems.esi);
    esi.victim.items[3].flag = "5";
    const error = errorOf({ ...withNestedItems, esi });
    expect(error.code).toBe("killmail.invalid");
    expect(error.status).toBe(400);
    expect(error.message).toContain("esi.victim.items[3].flag: ");
    expect(error.message).toContain("expected number");
  });

  test("a nested item missing its type id is reported at its depth", () => {
    const esi = structuredClone(withNestedItems.esi);
    const container = esi.victim.items.findIndex((item: any) => item.items?.length);
    delete esi.victim.items[container].items[0].item_type_id;
    expect(errorOf(esi).message).toContain(`victim.items[${container}].items[0].item_type_id`);
  });

  test("a type or system id beyond PostgreSQL's integer range is rejected at its path, not in the database", () => {
    const esi = structuredClone(withNestedItems.esi);
    esi.solar_system_id = 3_000_000_000;
    expect(errorOf(esi).message).toContain("solar_system_id");
    const items = structuredClone(withNestedItems.esi);
    items.victim.items[0].item_type_id = 2 ** 31;
    expect(errorOf(items).message).toContain("victim.items[0].item_type_id");
  });

  test("a kill time outside 2003..2100 is rejected", () => {
    expect(errorOf({ ...withNestedItems.esi, killmail_time: "0000-01-01T00:00:00Z" }).message).toContain("killmail_time");
    expect(errorOf({ ...withNestedItems.esi, killmail_time: "2202-01-01T00:00:00Z" }).message).toContain("killmail_time");
    expect(() => parseKillmailInput({ json: { ...withNestedItems.esi, killmail_time: "2003-05-06T12:00:00Z" }, source: "import", firstSeenAt })).not.toThrow();
  });

  test("a missing required field is rejected", () => {
    const { killmail_time: _time, ...esi } = withNestedItems.esi;
    expect(errorOf(esi).message).toContain("killmail_time");
  });

  test("a record whose killmail_id differs from the ESI body's is rejected", () => {
    expect(errorOf({ ...withNestedItems, killmail_id: 1 }).message).toContain("esi.killmail_id");
  });

  test("a hash that is not 40 hex characters is rejected", () => {
    expect(errorOf({ ...withNestedItems, hash: "abc" }).message).toContain("hash: expected 40 hex characters");
  });
});
