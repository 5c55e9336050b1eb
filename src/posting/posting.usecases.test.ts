import { expect, test } from "bun:test";
import { readKillmailKey } from "./posting.usecases.ts";

const HASH = "0123456789abcdef0123456789abcdef01234567";

test("an ESI link with any version prefix, or an id and hash, names the killmail", () => {
  expect(readKillmailKey({ link: `https://esi.evetech.net/latest/killmails/123456789/${HASH}/` })).toEqual({ killmailId: 123456789, hash: HASH });
  expect(readKillmailKey({ link: `https://esi.evetech.net/v1/killmails/5/${HASH.toUpperCase()}/?datasource=tranquility` })).toEqual({ killmailId: 5, hash: HASH });
  expect(readKillmailKey({ killmail_id: " 42 ", hash: HASH })).toEqual({ killmailId: 42, hash: HASH });
});

test("anything else is one readable reason", () => {
  expect(() => readKillmailKey({ link: "https://zkillboard.com/kill/1/" })).toThrow("The link is not an ESI killmail link");
  expect(() => readKillmailKey({ killmail_id: "abc", hash: HASH })).toThrow("Give an ESI killmail link, or a killmail id");
  expect(() => readKillmailKey({ killmail_id: "7", hash: "xyz" })).toThrow("The hash must be 40 hexadecimal characters");
  expect(() => readKillmailKey({})).toThrow("Give an ESI killmail link");
});
