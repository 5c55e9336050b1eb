import { expect, test } from "bun:test";
import { readHistoryEntries } from "./backfill.schemas.ts";

const hash = "ab".repeat(20);

test("valid keys become entries sorted by id, hashes lower-cased", () => {
  const { entries, rejections } = readHistoryEntries({ hashes: { "20": hash, "3": hash.toUpperCase() }, bodies: {}, raw: false });
  expect(entries).toEqual([{ killmailId: 3, hash }, { killmailId: 20, hash }]);
  expect(rejections).toEqual([]);
});

test("a key that is not a killmail id and a malformed hash are rejected with their reason, the rest kept", () => {
  const { entries, rejections } = readHistoryEntries({ hashes: { abc: hash, "0123": hash, "7": "not-a-hash", "8": hash }, bodies: {}, raw: false });
  expect(entries).toEqual([{ killmailId: 8, hash }]);
  // Integer-like keys come first in a JavaScript object, whatever the order in the file.
  expect(rejections).toEqual([
    { key: "7", reason: "hash: expected 40 hex characters" },
    { key: "abc", reason: "killmailId: expected a killmail id (a positive integer)" },
    { key: "0123", reason: "killmailId: expected a killmail id (a positive integer)" },
  ]);
});

test("in raw mode a body without a hash is kept with a null hash, but a malformed hash is still refused", () => {
  const { entries, rejections } = readHistoryEntries({ hashes: { "2": 42 }, bodies: { "1": { a: 1 }, "2": { b: 2 } }, raw: true });
  expect(entries).toEqual([{ killmailId: 1, hash: null, esi: { a: 1 } }]);
  expect(rejections.map((rejection) => rejection.key)).toEqual(["2"]);
});

test("a queued killmail needs its hash", () => {
  expect(readHistoryEntries({ hashes: { "5": null }, bodies: {}, raw: false }).rejections).toHaveLength(1);
});
