import { expect, test } from "bun:test";
import { AppError } from "../app/errors.ts";
import { StoreInterruptedError, storeKillmailBatch, type StoreKillmails } from "./killmail.store.ts";
import type { KillmailInput } from "./killmail.types.ts";

const input = (killmailId: number) => ({ killmailId }) as KillmailInput;
const databaseError = (message: string, code: string) => Object.assign(new Error(message), { name: "PostgresError", code });

/** Stores anything; fails a call holding a killmail listed in `failing` with that killmail's error. */
function createStore({ failing = new Map<number, unknown>(), stored = new Set<number>() }: { failing?: Map<number, unknown>; stored?: Set<number> }) {
  const calls: number[][] = [];
  const storeKillmails: StoreKillmails = async ({ inputs }) => {
    calls.push(inputs.map((i) => i.killmailId));
    const bad = inputs.find((i) => failing.has(i.killmailId));
    if (bad) throw failing.get(bad.killmailId);
    const fresh = inputs.filter((i) => !stored.has(i.killmailId)).map((i) => i.killmailId);
    for (const id of fresh) stored.add(id);
    const sequences = new Map(inputs.map((i) => [i.killmailId, 100 + i.killmailId]));
    return { storedIds: fresh, duplicateIds: inputs.map((i) => i.killmailId).filter((id) => !fresh.includes(id)), sequences };
  };
  return { calls, stored, storeKillmails };
}

test("a batch that stores in one call is one call", async () => {
  const store = createStore({ stored: new Set([2]) });
  const outcome = await storeKillmailBatch({ storeKillmails: store.storeKillmails, inputs: [1, 2, 3].map(input) });
  expect(outcome).toEqual({ storedIds: [1, 3], duplicateIds: [2], sequences: new Map([[1, 101], [2, 102], [3, 103]]), rejections: [] });
  expect(store.calls).toEqual([[1, 2, 3]]);
});

test("a killmail the database refuses is rejected with its reason and the rest of the batch lands", async () => {
  const refused = databaseError("unsupported Unicode escape sequence", "22P05");
  const store = createStore({ failing: new Map([[2, refused]]) });
  const inputs = [1, 2, 3].map(input);
  const outcome = await storeKillmailBatch({ storeKillmails: store.storeKillmails, inputs });
  expect(outcome.storedIds).toEqual([1, 3]);
  expect(outcome.rejections).toEqual([{ input: inputs[1]!, error: refused, reason: "database refused the killmail: unsupported Unicode escape sequence (SQLSTATE 22P05)" }]);
  expect(store.calls).toEqual([[1, 2, 3], [1], [2], [3]]);
});

test("a batch of one that is refused is not stored a second time to learn the same", async () => {
  const store = createStore({ failing: new Map([[7, new AppError({ code: "killmail.invalid", message: "bad 7", status: 400 })]]) });
  const outcome = await storeKillmailBatch({ storeKillmails: store.storeKillmails, inputs: [input(7)] });
  expect(outcome.rejections.map((r) => r.reason)).toEqual(["bad 7"]);
  expect(store.calls).toEqual([[7]]);
});

test("an outage stops the batch: nothing is rejected, and the error says what was stored before it", async () => {
  const down = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
  const store = createStore({ failing: new Map<number, unknown>([[2, databaseError("integer out of range", "22003")], [3, down]]) });
  const failure = await storeKillmailBatch({ storeKillmails: store.storeKillmails, inputs: [1, 2, 3, 4].map(input) }).catch((error) => error);
  expect(failure).toBeInstanceOf(StoreInterruptedError);
  expect(failure.cause).toBe(down);
  expect(failure.message).toContain("CONNECTION_CLOSED");
  expect(failure.partial.storedIds).toEqual([1]);
  expect(failure.partial.rejections.map((r: { input: KillmailInput }) => r.input.killmailId)).toEqual([2]);
  expect(store.calls.at(-1)).toEqual([3]);
  expect(store.stored).not.toContain(4);
});

test("an error that is not known to be the killmail's fault stops the batch rather than rejecting it", async () => {
  const store = createStore({ failing: new Map([[5, new TypeError("cannot read properties of undefined")]]) });
  const failure = await storeKillmailBatch({ storeKillmails: store.storeKillmails, inputs: [input(5)] }).catch((error) => error);
  expect(failure).toBeInstanceOf(StoreInterruptedError);
  expect(failure.partial.rejections).toEqual([]);
});
