/**
 * The production side of a listener's port: the cursor in Postgres, `has` against killmail_ids, `accept` as a
 * HIGH-priority `km-<id>` job. A rejected feed record becomes an immediately failed job (`rejected-…`) so an
 * operator sees it, with its reason, in `queue stats` next to other failures.
 */
import type { Queue } from "bullmq";
import type { Sql } from "../db/db.client.ts";
import { createKillmailRepository } from "../killmails/killmail.repository.ts";
import { enqueueKillmails, LIVE_PRIORITY } from "../queue/queue.client.ts";
import type { FeedEntry, FeedRejection, ListenerPort } from "../upstream/feed.listener.ts";
import { createIngestRepository } from "./ingest.repository.ts";

export const toKillmailJob = (entry: FeedEntry) => ({
  killmailId: entry.killmailId,
  hash: entry.hash,
  ...(entry.esi === undefined ? {} : { esi: entry.esi }),
  ...(entry.zkb === undefined ? {} : { zkb: entry.zkb }),
  source: entry.source,
  firstSeenAt: entry.firstSeenAt.toISOString(),
});

export async function enqueueRejection({ queue, rejection }: { queue: Queue; rejection: FeedRejection }) {
  await queue.add("rejected", { rejected: rejection.reason, source: rejection.source, position: rejection.position }, {
    jobId: `rejected-${rejection.source}-${rejection.position.replace(/[^\w.-]/g, "_")}`,
    attempts: 1,
  });
}

export function createListenerPort({ feed, sql, queue }: { feed: string; sql: Sql; queue: Queue }): ListenerPort {
  const ingest = createIngestRepository({ sql });
  const killmails = createKillmailRepository({ sql });
  return {
    cursor: () => ingest.readCursor({ feed }),
    saveCursor: (cursor) => ingest.saveCursor({ feed, cursor }),
    has: async (killmailId) => (await killmails.findExistingIds({ killmailIds: [killmailId] })).has(killmailId),
    accept: (entry) => enqueueKillmails({ queue, jobs: [toKillmailJob(entry)], priority: LIVE_PRIORITY }),
    async reject(rejection) {
      await enqueueRejection({ queue, rejection });
      await ingest.recordOutcome({ source: rejection.source, outcome: "rejected", reason: rejection.reason });
    },
  };
}
