import { describe, expect, test } from "bun:test";
import { createTestUniverse, readFixtureKillmails } from "../../test/support/universe.ts";
import { attackerCountLabel, classifyKill, derivePadHash, isPadding, timezoneLabel } from "./classification.models.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";

const context = await createTestUniverse();
const fixtures = await readFixtureKillmails();
const withZkb = fixtures.filter((line) => line.zkb);
const derive = (line: Record<string, any>) => deriveKillmail({ input: parseKillmailInput({ json: line, source: "import", firstSeenAt: new Date(0) }), context });

/**
 * Compares what one kill decides: padding depends on other kills (and pvp means "not npc, not padding"),
 * and zKillboard only added tz labels after mid-2024.
 */
function comparableLabels({ ours, theirs }: { ours: string[]; theirs: string[] }) {
  const keepTimezone = theirs.some((label) => label.startsWith("tz:"));
  const paddedUpstream = theirs.includes("padding");
  const keep = (label: string) =>
    label !== "padding" && !(paddedUpstream && label === "pvp") && (keepTimezone || !label.startsWith("tz:"));
  return { ours: ours.filter(keep).sort(), theirs: theirs.filter(keep).sort() };
}

describe("classification against the 8 real zkb blocks", () => {
  test("npc, solo and awox equal zKillboard's", () => {
    for (const line of withZkb) {
      const { npc, solo, awox } = classifyKill({ esi: line.esi, typeOf: context.typeOf });
      expect({ id: line.killmail_id, npc, solo, awox }).toEqual({ id: line.killmail_id, npc: line.zkb.npc, solo: line.zkb.solo, awox: line.zkb.awox });
    }
  });

  test("every label that does not depend on other kills equals zKillboard's", () => {
    const labelled = withZkb.filter((line) => line.zkb.labels);
    expect(labelled).toHaveLength(5);
    for (const line of labelled) {
      const { ours, theirs } = comparableLabels({ ours: derive(line).labels, theirs: line.zkb.labels });
      expect({ id: line.killmail_id, labels: ours }).toEqual({ id: line.killmail_id, labels: theirs });
    }
  });
});

describe("classification rules", () => {
  test("kills by NPCs alone are npc, never solo or awox, and labelled npc instead of pvp", () => {
    const npcOnly = fixtures.find((line) => line.killmail_id === 62907628)!;
    expect(classifyKill({ esi: npcOnly.esi, typeOf: context.typeOf })).toEqual({ npc: true, solo: false, awox: false });
    expect(derive(npcOnly).labels).toEqual(expect.arrayContaining(["npc", "cat:6", "#:1", "loc:lowsec"]));
    expect(derive(npcOnly).labels).not.toContain("pvp");
  });

  test("a capsule killed by one player is not solo and gets #:1", () => {
    const pod = fixtures.find((line) => line.killmail_id === 84508915)!;
    expect(classifyKill({ esi: pod.esi, typeOf: context.typeOf }).solo).toBe(false);
    expect(derive(pod).labels).toContain("#:1");
  });

  test("solo replaces the attacker-count label; counts use the largest threshold reached", () => {
    expect(attackerCountLabel({ attackerCount: 1, solo: true })).toBe("solo");
    expect([1, 2, 4, 5, 10, 25, 49, 50, 100, 999, 1000].map((attackerCount) => attackerCountLabel({ attackerCount, solo: false }))).toEqual(
      ["#:1", "#:2+", "#:2+", "#:5+", "#:10+", "#:25+", "#:25+", "#:50+", "#:100+", "#:100+", "#:1000+"],
    );
  });

  test("time-zone bands follow the UTC hour", () => {
    const at = (hour: number) => timezoneLabel({ killmailTime: new Date(Date.UTC(2026, 0, 1, hour, 30)) });
    expect([0, 3, 4, 7, 8, 13, 14, 16, 17, 21, 22, 23].map(at)).toEqual(
      ["tz:use", "tz:use", "tz:usw", "tz:usw", "tz:au", "tz:au", "tz:ru", "tz:ru", "tz:eu", "tz:eu", "tz:use", "tz:use"],
    );
  });

  test("capital hulls are labelled capital and valued kills get every isk label they exceed", () => {
    const titan = derive(fixtures.find((line) => line.killmail_id === 108794056)!);
    expect(titan.labels).toEqual(expect.arrayContaining(["capital", "isk:1b+", "isk:5b+", "isk:10b+"]));
  });
});

describe("isPadding", () => {
  const line = fixtures.find((each) => each.killmail_id === 75111040)!;
  const killmailTime = new Date(line.esi.killmail_time);
  const { padHash } = derivePadHash({ esi: line.esi, npc: false, victimCategoryId: 6, killmailTime });

  test("a kill is padding once five others share its victim, final blow, ship and minute", () => {
    const others = [1, 2, 3, 4, 5].map((killmailId) => ({ killmailId, padHash }));
    expect(isPadding({ kill: { killmailId: 75111040, padHash }, recentKills: others.slice(0, 4) })).toBe(false);
    expect(isPadding({ kill: { killmailId: 75111040, padHash }, recentKills: others })).toBe(true);
    const input = parseKillmailInput({ json: line, source: "import", firstSeenAt: new Date(0) });
    const padded = deriveKillmail({ input, context, recentKills: others });
    expect(padded.labels).toContain("padding");
    expect(padded.labels).not.toContain("pvp");
  });

  test("NPC kills and kills of non-ships have no padding key", () => {
    expect(derivePadHash({ esi: line.esi, npc: true, victimCategoryId: 6, killmailTime }).padHash).toBeNull();
    expect(derivePadHash({ esi: line.esi, npc: false, victimCategoryId: 65, killmailTime }).padHash).toBeNull();
    expect(isPadding({ kill: { killmailId: 1, padHash: null }, recentKills: [{ killmailId: 2, padHash: null }] })).toBe(false);
  });
});
