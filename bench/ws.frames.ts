/**
 * The frames the `ws` role sent for each kill, rebuilt from the stored records by the role's own code, keyed by
 * the bare server's topic names (ws.support.ts): what the baseline publishes, byte for byte.
 */
import type { Sql } from "../src/db/db.client.ts";
import { frameFor } from "../src/ekws/ekws.frames.ts";
import { topicsOf } from "../src/ekws/ekws.topics.ts";
import { createLiveRepository } from "../src/live/live.repository.ts";
import type { LiveRecord } from "../src/live/live.types.ts";
import { createEkwsNames, placeOf, toEkwsKill } from "../src/live/ws.ekws.ts";
import { v1KillmailFrame } from "../src/live/ws.v1.ts";
import { killstreamFrame, littlekillFrame, littlekillPrefix, zkbChannelsOf } from "../src/live/ws.zkb.ts";
import { loadUniverseNames } from "../src/universe/universe.names.ts";

/** A kill's frames once each (several topics share one v1 or EVE-KILL frame), and which topic gets which. */
export type BareFrames = { texts: string[]; topics: [string, number][] };
function packFrames(pairs: [string, string][]): BareFrames {
  const texts: string[] = [];
  const topics = pairs.map(([topic, text]): [string, number] => {
    let index = texts.indexOf(text);
    if (index < 0) index = texts.push(text) - 1;
    return [topic, index];
  });
  return { texts, topics };
}

export async function readRecords({ sql, ids }: { sql: Sql; ids: Set<number> }) {
  const repository = createLiveRepository({ sql });
  const records: LiveRecord[] = [];
  for (let after = 0; ;) {
    const page = await repository.readRecordsAfter({ after, limit: 500 });
    if (!page.length) break;
    records.push(...page.filter((record) => ids.has(record.killmailId)));
    after = page.at(-1)!.sequence;
  }
  return records;
}

export async function buildBareFrames({ sql, records, topics, publicUrl }: { sql: Sql; records: LiveRecord[]; topics: Set<string>; publicUrl: string }) {
  const universe = await loadUniverseNames({ sql });
  const names = createEkwsNames({ sql, universe });
  await names.prefetch({ records });
  const frames: Record<number, BareFrames> = {};
  for (const record of records) {
    const out: [string, string][] = [];
    if (topics.has("zkb:killstream")) out.push(["zkb:killstream", killstreamFrame({ record, publicUrl })]);
    const prefix = littlekillPrefix({ record, publicUrl });
    for (const channel of zkbChannelsOf({ record })) if (topics.has(`zkb:${channel}`)) out.push([`zkb:${channel}`, littlekillFrame({ prefix, channel })]);
    const v1 = v1KillmailFrame({ record });
    if (topics.has("v1:*")) out.push(["v1:*", v1]);
    const characters = new Set(record.involvement.filter((entry) => entry.kind === "character").map((entry) => entry.id));
    for (const id of characters) if (topics.has(`v1:character:${id}`)) out.push([`v1:character:${id}`, v1]);
    const kill = toEkwsKill({ record });
    const event = frameFor({ protocol: "current", kill, names: names.lookup });
    for (const topic of topicsOf({ kill, place: placeOf({ record, universe }) })) if (topics.has(`ekws:${topic}`)) out.push([`ekws:${topic}`, event]);
    frames[record.killmailId] = packFrames(out);
  }
  return frames;
}
