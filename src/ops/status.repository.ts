/** Read-only figures for `killboard status`: the feed cursors (migrations/00004_ingest.sql `feed_cursors`). */
import type { Sql } from "../db/db.client.ts";

export function createStatusRepository({ sql }: { sql: Sql }) {
  return {
    async listCursors() {
      return sql<{ feed: string; cursor: string; updatedAt: Date }[]>`select feed, cursor, updated_at from feed_cursors order by feed`;
    },
  };
}
