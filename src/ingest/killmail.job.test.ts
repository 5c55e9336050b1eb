import { expect, test } from "bun:test";
import { UnrecoverableError } from "bullmq";
import fixture from "../../test/fixtures/killmail-134398778.r2z2.json";
import type { KillmailEvent } from "./killmail.events.ts";
import { createKillmailJobProcessor, type KillmailJobDeps } from "./killmail.job.ts";
import type { StoreResult } from "./store.batcher.ts";

const data = { killmailId: fixture.killmail_id, hash: fixture.hash, esi: fixture.esi, source: "r2z2", firstSeenAt: "2026-11-23T00:00:00.000Z" };

/** A processor whose store answers `store` and whose events and outcomes land in arrays. */
function createProcessor({ store, involvesBoard }: { store: () => Promise<StoreResult>; involvesBoard?: KillmailJobDeps["involvesBoard"] }) {
  const events: KillmailEvent[] = [];
  const outcomes: { outcome: string; reason?: string }[] = [];
  const deps: KillmailJobDeps = {
    fetchKillmail: async () => Promise.reject(new Error("no ESI in this test")),
    storeKillmail: store,
    publishEvent: async (event) => events.push(event),
    requestEnrichment: async () => {},
    recordOutcome: async ({ outcome, reason }) => void outcomes.push({ outcome, reason }),
    involvesBoard,
  };
  return { events, outcomes, process: createKillmailJobProcessor({ deps }) };
}

test("a first attempt that finds the killmail already stored publishes nothing", async () => {
  const { events, process } = createProcessor({ store: async () => ({ stored: false, sequence: 7 }) });
  expect(await process({ data, attemptsStarted: 1 })).toEqual({ killmailId: fixture.killmail_id, stored: false, sequence: 7 });
  expect(events).toHaveLength(0);
});

test("a job back from a crashed worker (stalled: started twice, no failed attempt) still publishes the event it may have missed", async () => {
  const { events, process } = createProcessor({ store: async () => ({ stored: false, sequence: 7 }) });
  await process({ data, attemptsStarted: 2 });
  expect(events.map((event) => [event.killmailId, event.sequence])).toEqual([[fixture.killmail_id, 7]]);
});

test("a killmail the database refuses fails at once, without retries, naming the reason, and counts as rejected", async () => {
  const refused = Object.assign(new Error('value "3000000000" is out of range for type integer'), { code: "22003" });
  const { outcomes, process } = createProcessor({ store: async () => Promise.reject(refused) });
  const error = await process({ data, attemptsStarted: 1 }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UnrecoverableError);
  expect((error as Error).message).toContain("out of range for type integer (SQLSTATE 22003)");
  expect(outcomes).toEqual([{ outcome: "rejected", reason: (error as Error).message }]);
});

test("a lost database connection is thrown as is, so BullMQ retries the job", async () => {
  const lost = Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
  const { outcomes, process } = createProcessor({ store: async () => Promise.reject(lost) });
  expect(await process({ data, attemptsStarted: 1 }).catch((caught: unknown) => caught)).toBe(lost);
  expect(outcomes).toEqual([]);
});

test("with BOARD_ENTITIES, a valid killmail involving none of them completes unstored, unpublished, as outside-board", async () => {
  let stores = 0;
  const store = async () => (stores++, { stored: true, sequence: 1 });
  const victimCorporation = fixture.esi.victim.corporation_id;
  const off = createProcessor({ store, involvesBoard: (esi) => esi.victim.corporation_id === victimCorporation + 1 });
  expect(await off.process({ data, attemptsStarted: 1 })).toEqual({ killmailId: fixture.killmail_id, stored: false, sequence: null, outsideBoard: true });
  expect({ stores, events: off.events.length, outcomes: off.outcomes }).toEqual({ stores: 0, events: 0, outcomes: [{ outcome: "outside-board", reason: undefined }] });
  const on = createProcessor({ store, involvesBoard: (esi) => esi.victim.corporation_id === victimCorporation });
  expect(await on.process({ data, attemptsStarted: 1 })).toMatchObject({ stored: true });
  expect(stores).toBe(1);
});
