/** Per-day backfill progress (migrations/00004_ingest.sql `backfill_days`). */
import type { Sql } from "../db/db.client.ts";

export type BackfillDay = { day: string; listed: number; handedOff: number; alreadyStored: number; completedAt: Date | null };

export function createBackfillRepository({ sql }: { sql: Sql }) {
  return {
    async listDays({ source, from, to }: { source: string; from: string; to: string }) {
      return sql<BackfillDay[]>`
        select to_char(day, 'YYYY-MM-DD') as day, listed, handed_off, already_stored, completed_at
        from backfill_days where source = ${source} and day between ${from}::date and ${to}::date
      `;
    },

    /** Stored killmails per UTC day in [from, to); partition-pruned on killmail_time. */
    async countStoredPerDay({ from, to }: { from: Date; to: Date }) {
      const rows = await sql<{ day: string; stored: number }[]>`
        select to_char(killmail_time at time zone 'utc', 'YYYY-MM-DD') as day, count(*)::int as stored
        from killmails where killmail_time >= ${from} and killmail_time < ${to} group by 1`;
      return new Map(rows.map((row) => [row.day, row.stored]));
    },

    /** The first UTC day anything is stored for (null on an empty board): how far back the weekly reconciliation looks. */
    async findFirstStoredDay() {
      const [row] = await sql<{ day: string | null }[]>`select to_char(min(killmail_time) at time zone 'utc', 'YYYY-MM-DD') as day from killmails`;
      return row?.day ?? null;
    },

    async saveDay({ source, day, listed, handedOff, alreadyStored, completed }: {
      source: string;
      day: string;
      listed: number;
      handedOff: number;
      alreadyStored: number;
      completed: boolean;
    }) {
      await sql`
        insert into backfill_days (source, day, listed, handed_off, already_stored, completed_at, updated_at)
        values (${source}, ${day}::date, ${listed}, ${handedOff}, ${alreadyStored}, ${completed ? sql`now()` : null}, now())
        on conflict (source, day) do update set
          listed = excluded.listed, handed_off = excluded.handed_off, already_stored = excluded.already_stored,
          completed_at = excluded.completed_at, updated_at = now()
      `;
    },
  };
}

export type BackfillRepository = ReturnType<typeof createBackfillRepository>;
