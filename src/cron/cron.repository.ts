/** Cron run records (migrations/00009_cron_runs.sql) and the per-job lock that keeps two runs of a job apart. */
import { withDeadline } from "../app/deadline.ts";
import type { Sql } from "../db/db.client.ts";

export type CronOutcome = "running" | "succeeded" | "failed" | "skipped" | "abandoned";
export type CronRun = {
  id: number; job: string; period: string; instance: string; startedAt: Date; finishedAt: Date | null;
  outcome: CronOutcome; counts: Record<string, unknown>; error: string | null;
};

const UNLOCK_DEADLINE_MS = 5_000;
/** Advisory-lock key space of cron jobs (the job name is hashed into the second key). */
const CRON_LOCK_CLASS = 724_200;

export function createCronRepository({ sql }: { sql: Sql }) {
  return {
    /** Inserts the run of `job` for `period`; null when another process already has that period. */
    async claimRun({ job, period, instance }: { job: string; period: string; instance: string }) {
      const [row] = await sql<{ id: number }[]>`
        insert into cron_runs (job, period, instance) values (${job}, ${period}, ${instance})
        on conflict (job, period) do nothing returning id`;
      return row?.id ?? null;
    },

    async finishRun({ id, outcome, counts = {}, error = null }: { id: number; outcome: Exclude<CronOutcome, "running">; counts?: Record<string, unknown>; error?: string | null }) {
      await sql`update cron_runs set outcome = ${outcome}, counts = ${sql.json(counts as never)}, error = ${error}, finished_at = now() where id = ${id}`;
    },

    /** Runs left `running` by a process that died; only called while holding the job's lock, so none is alive. */
    async abandonStaleRuns({ job, exceptId }: { job: string; exceptId: number }) {
      const rows = await sql`update cron_runs set outcome = 'abandoned', finished_at = now(), error = 'the process running it stopped'
        where job = ${job} and outcome = 'running' and id <> ${exceptId} returning id`;
      return rows.length;
    },

    async hasRun({ job, period }: { job: string; period: string }) {
      const [row] = await sql`select 1 from cron_runs where job = ${job} and period = ${period}`;
      return Boolean(row);
    },

    async listLatestRuns() {
      return sql<CronRun[]>`
        select distinct on (job) id, job, period, instance, started_at, finished_at, outcome, counts, error
        from cron_runs order by job, started_at desc, id desc`;
    },

    async listRuns({ job, limit = 50 }: { job: string; limit?: number }) {
      return sql<CronRun[]>`
        select id, job, period, instance, started_at, finished_at, outcome, counts, error
        from cron_runs where job = ${job} order by started_at desc, id desc limit ${limit}`;
    },

    /**
     * Holds the job's session-level advisory lock on a connection of its own while `work` runs. A process that
     * dies releases it with its connection. Returns null without running `work` when another process holds it.
     */
    async withJobLock<T>({ job, work }: { job: string; work: () => Promise<T> }): Promise<{ value: T } | null> {
      const reserved = await sql.reserve();
      try {
        const [lock] = await reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${CRON_LOCK_CLASS}, hashtext(${job})) as locked`;
        if (!lock?.locked) return null;
        try {
          return { value: await work() };
        } finally {
          // A reserved connection whose server went away (a restart) may never answer again; its session, and with
          // it the lock, is gone anyway, so the unlock waits a few seconds at most rather than hold the job for ever.
          await withDeadline({ promise: reserved`select pg_advisory_unlock(${CRON_LOCK_CLASS}, hashtext(${job}))`, ms: UNLOCK_DEADLINE_MS, message: "unlock: no answer" })
            .catch(() => {});
        }
      } finally {
        reserved.release();
      }
    },
  };
}

export type CronRepository = ReturnType<typeof createCronRepository>;
