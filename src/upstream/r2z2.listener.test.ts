import { expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import type { FeedEntry, ListenerPort } from "./feed.listener.ts";
import type { R2z2Answer, R2z2Client } from "./r2z2.client.ts";
import { R2Z2_MAX_AHEAD, runR2z2Listener } from "./r2z2.listener.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
const HASH = "ab".repeat(20);
const FIRST = 100;
const record = (id: number) => ({ killmail_id: id, hash: HASH, esi: { killmail_id: id } });

/**
 * A fake R2Z2 whose sequences 100.. hold `published`; everything after is 404. `script` answers a sequence's
 * first asks differently (e.g. a 429 once). `asked` counts the requests per sequence.
 */
function fakeClient({ published, script = {}, asked, onMissing }: { published: unknown[]; script?: Record<number, R2z2Answer[]>; asked: Map<number, number>; onMissing: () => void }) {
  const client: R2z2Client = {
    fetchHeadSequence: async () => FIRST,
    async fetchSequence({ sequence }): Promise<R2z2Answer> {
      asked.set(sequence, (asked.get(sequence) ?? 0) + 1);
      const scripted = script[sequence]?.shift();
      if (scripted) return scripted;
      const json = published[sequence - FIRST];
      if (json !== undefined) return { kind: "entry", json };
      onMissing();
      return { kind: "missing" };
    },
  };
  return { client };
}

function fakePort({ cursor = null, failAcceptOf }: { cursor?: string | null; failAcceptOf?: number } = {}) {
  const state = { cursor, accepted: [] as FeedEntry[], rejected: [] as string[], failures: 0 };
  const port: ListenerPort = {
    cursor: async () => state.cursor,
    saveCursor: async (value) => void (state.cursor = value),
    has: async () => false,
    async accept(entry) {
      if (entry.killmailId === failAcceptOf && state.failures++ < 2) throw new Error("redis down");
      state.accepted.push(entry);
    },
    reject: async (rejection) => void state.rejected.push(`${rejection.position}: ${rejection.reason}`),
  };
  return { port, state };
}

/** Runs until a 404 comes while the cursor is on the last published sequence, i.e. the listener caught up. */
async function runUntilCaughtUp({ published, port, state, script, fromSequence, resetCursor, asked = new Map() }: {
  published: unknown[];
  asked?: Map<number, number>;
  port: ListenerPort;
  state: { cursor: string | null };
  script?: Record<number, R2z2Answer[]>;
  fromSequence?: number;
  resetCursor?: boolean;
}) {
  const controller = new AbortController();
  const last = String(FIRST + published.length - 1);
  const { client } = fakeClient({ published, script, asked, onMissing: () => state.cursor === last && controller.abort() });
  await runR2z2Listener({ client, port, logger, signal: controller.signal, fromSequence, resetCursor, waitOn404Ms: 1, backoffBaseMs: 1 });
  return { asked };
}

const askedOnce = (asked: Map<number, number>, count: number) => Array.from({ length: count }, (_, i) => asked.get(FIRST + i));

test("hands off every sequence and leaves the cursor on the last one", async () => {
  const { port, state } = fakePort();
  await runUntilCaughtUp({ published: [1, 2, 3, 4, 5].map(record), port, state });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([1, 2, 3, 4, 5]);
  expect(state.cursor).toBe("104");
});

test("resumes right after the saved cursor", async () => {
  const { port, state } = fakePort({ cursor: "102" });
  const { asked } = await runUntilCaughtUp({ published: [1, 2, 3, 4, 5].map(record), port, state });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([4, 5]);
  expect([...asked.keys()].filter((sequence) => sequence <= 102)).toEqual([]);
});

test("a failed hand-off keeps the cursor behind the entry and is retried without asking R2Z2 again", async () => {
  const { port, state } = fakePort({ failAcceptOf: 3 });
  const saves: { cursor: number; thirdHandedOff: boolean }[] = [];
  const save = port.saveCursor;
  port.saveCursor = async (value) => {
    saves.push({ cursor: Number(value), thirdHandedOff: state.accepted.some((entry) => entry.killmailId === 3) });
    await save(value);
  };
  const { asked } = await runUntilCaughtUp({ published: [1, 2, 3, 4].map(record), port, state });
  expect(state.failures).toBe(3);
  expect(saves.filter((entry) => entry.cursor >= 102).every((entry) => entry.thirdHandedOff)).toBe(true);
  expect(state.accepted.map((entry) => entry.killmailId).sort()).toEqual([1, 2, 3, 4]);
  expect(askedOnce(asked, 4)).toEqual([1, 1, 1, 1]);
  expect(state.cursor).toBe("103");
});

test("a 429 or a 503 on one sequence asks for that sequence again and for no other", async () => {
  const { port, state } = fakePort();
  const script: Record<number, R2z2Answer[]> = { 102: [{ kind: "limited", retryAfterMs: null }], 104: [{ kind: "unavailable", status: 503 }] };
  const { asked } = await runUntilCaughtUp({ published: [1, 2, 3, 4, 5, 6].map(record), port, state, script });
  expect(askedOnce(asked, 6)).toEqual([1, 1, 2, 1, 2, 1]);
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([1, 2, 3, 4, 5, 6]);
});

test("a malformed record is rejected with its reason and the records around it still land", async () => {
  const { port, state } = fakePort();
  await runUntilCaughtUp({ published: [record(1), { killmail_id: 2, hash: "nope" }, record(3)], port, state });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([1, 3]);
  expect(state.rejected).toEqual(["101: hash: expected 40 hex characters"]);
});

test("--reset-cursor starts from the given sequence whatever cursor was saved", async () => {
  const { port, state } = fakePort({ cursor: "103" });
  await runUntilCaughtUp({ published: [1, 2, 3, 4, 5].map(record), port, state, fromSequence: 101, resetCursor: true });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([2, 3, 4, 5]);
});

test("while the hand-off is stuck, the listener fetches no further than its limit ahead of the cursor", async () => {
  let release = () => {};
  const stuck = new Promise<void>((resolve) => (release = resolve));
  const { port, state } = fakePort();
  const accept = port.accept;
  port.accept = async (entry) => {
    await stuck;
    await accept(entry);
  };
  const published = Array.from({ length: R2Z2_MAX_AHEAD * 3 }, (_, i) => record(i + 1));
  const asked = new Map<number, number>();
  const running = runUntilCaughtUp({ published, port, state, asked });
  await Bun.sleep(50);
  const furthestWhileStuck = Math.max(...asked.keys());
  release();
  await running;
  expect(furthestWhileStuck).toBe(FIRST + R2Z2_MAX_AHEAD - 1);
  expect(state.accepted).toHaveLength(published.length);
  expect(askedOnce(asked, published.length).every((count) => count === 1)).toBe(true);
});
