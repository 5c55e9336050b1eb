import { expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import type { FeedEntry, ListenerPort } from "./feed.listener.ts";
import type { R2z2Answer, R2z2Client } from "./r2z2.client.ts";
import { runR2z2Listener } from "./r2z2.listener.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
const HASH = "ab".repeat(20);
const record = (id: number) => ({ killmail_id: id, hash: HASH, esi: { killmail_id: id } });

/** A fake R2Z2 whose sequences 100.. hold `published`; everything after is 404. */
function fakeClient({ published, onMissing }: { published: unknown[]; onMissing: () => void }): R2z2Client {
  return {
    fetchHeadSequence: async () => 100,
    async fetchSequence({ sequence }): Promise<R2z2Answer> {
      const json = published[sequence - 100];
      if (json === undefined) {
        onMissing();
        return { kind: "missing" };
      }
      return { kind: "entry", json };
    },
  };
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

async function runUntilCaughtUp({ published, port }: { published: unknown[]; port: ListenerPort }) {
  const controller = new AbortController();
  const client = fakeClient({ published, onMissing: () => controller.abort() });
  await runR2z2Listener({ client, port, logger, signal: controller.signal, waitOn404Ms: 1, backoffBaseMs: 1 });
}

test("hands off every sequence and leaves the cursor on the last one", async () => {
  const { port, state } = fakePort();
  await runUntilCaughtUp({ published: [1, 2, 3, 4, 5].map(record), port });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([1, 2, 3, 4, 5]);
  expect(state.cursor).toBe("104");
});

test("resumes right after the saved cursor", async () => {
  const { port, state } = fakePort({ cursor: "102" });
  await runUntilCaughtUp({ published: [1, 2, 3, 4, 5].map(record), port });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([4, 5]);
});

test("a failed hand-off keeps the cursor behind the entry until it succeeds", async () => {
  const { port, state } = fakePort({ failAcceptOf: 3 });
  const saves: { cursor: number; thirdHandedOff: boolean }[] = [];
  const save = port.saveCursor;
  port.saveCursor = async (value) => {
    saves.push({ cursor: Number(value), thirdHandedOff: state.accepted.some((entry) => entry.killmailId === 3) });
    await save(value);
  };
  await runUntilCaughtUp({ published: [1, 2, 3, 4].map(record), port });
  expect(state.failures).toBe(3);
  expect(saves.filter((entry) => entry.cursor >= 102).every((entry) => entry.thirdHandedOff)).toBe(true);
  // The window before the failure is handed off again: harmless, the job id and killmail_ids make it a no-op.
  expect([...new Set(state.accepted.map((entry) => entry.killmailId))].sort()).toEqual([1, 2, 3, 4]);
  expect(state.cursor).toBe("103");
});

test("a malformed record is rejected with its reason and the records around it still land", async () => {
  const { port, state } = fakePort();
  await runUntilCaughtUp({ published: [record(1), { killmail_id: 2, hash: "nope" }, record(3)], port });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([1, 3]);
  expect(state.rejected).toEqual(["101: hash: expected 40 hex characters"]);
});

test("--reset-cursor starts from the given sequence whatever cursor was saved", async () => {
  const { port, state } = fakePort({ cursor: "103" });
  const controller = new AbortController();
  const client = fakeClient({ published: [1, 2, 3, 4, 5].map(record), onMissing: () => controller.abort() });
  await runR2z2Listener({ client, port, logger, signal: controller.signal, fromSequence: 101, resetCursor: true, waitOn404Ms: 1 });
  expect(state.accepted.map((entry) => entry.killmailId)).toEqual([2, 3, 4, 5]);
});
