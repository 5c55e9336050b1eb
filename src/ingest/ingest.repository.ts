/** Feed cursors and ingest outcome counters (migrations/00004_ingest.sql). */
import type { Sql } from "../db/db.client.ts";

/** outside-board: a kill BOARD_ENTITIES kept off the board (dropped by the listener or the worker, never stored). */
export type IngestOutcome = "stored" | "duplicate" | "rejected" | "failed" | "outside-board";

export function createIngestRepository({ sql }: { sql: Sql }) {
  return {
    async readCursor({ feed }: { feed: string }) {
      const [row] = await sql<{ cursor: string }[]>`select cursor from feed_cursors where feed = ${feed}`;
      return row?.cursor ?? null;
    },

    async saveCursor({ feed, cursor }: { feed: string; cursor: string }) {
      await sql`
        insert into feed_cursors (feed, cursor, updated_at) values (${feed}, ${cursor}, now())
        on conflict (feed) do update set cursor = excluded.cursor, updated_at = now()
      `;
    },

    async recordOutcome({ source, outcome, reason = null, count = 1 }: {
      source: string;
      outcome: IngestOutcome;
      reason?: string | null;
      count?: number;
    }) {
      await sql`
        insert into ingest_outcomes (day, source, outcome, count, last_reason)
        values ((now() at time zone 'utc')::date, ${source}, ${outcome}, ${count}, ${reason})
        on conflict (day, source, outcome) do update
          set count = ingest_outcomes.count + excluded.count,
              last_reason = coalesce(excluded.last_reason, ingest_outcomes.last_reason)
      `;
    },
  };
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;
