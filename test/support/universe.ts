/** The pure model's test universe (bundled data, no database) and the real fixture killmails. */
import { join } from "node:path";
import { loadBundledUniverse } from "../../src/killmails/killmail.bundle.ts";

export const createTestUniverse = loadBundledUniverse;

/** The 121 real fixture lines `{killmail_id, hash, esi, zkb?, _source}` as parsed JSON. */
export async function readFixtureKillmails() {
  const text = await Bun.file(join(import.meta.dir, "../fixtures/killmails.jsonl")).text();
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
}
