/** Webhooks, their delivery log and the dispatcher's cursor (migrations/00014_webhooks.sql). */
import { withDeadline } from "../app/deadline.ts";
import type { Sql } from "../db/db.client.ts";
import type { CampaignLiveFilterQuery } from "../live/live.schemas.ts";
import type { Webhook, WebhookFormat } from "./webhook.types.ts";

const COLUMNS = ["id", "name", "url", "format", "filter", "secret", "enabled", "after_sequence", "created_at", "last_status", "last_error",
  "last_attempt_at", "consecutive_failures", "last_delivered_sequence", "last_delivered_at", "disabled_reason", "rate_limited_until"];
/** Advisory-lock key of the one dispatcher (cron's jobs use class 724200, tests 724002). */
const DISPATCH_LOCK_KEY = 724_300;
const UNLOCK_DEADLINE_MS = 5_000;

export function createWebhookRepository({ sql }: { sql: Sql }) {
  const columns = sql(COLUMNS);
  return {
    async insertWebhook({ url, format, filter, secret, name }: { url: string; format: WebhookFormat; filter: CampaignLiveFilterQuery; secret?: string; name?: string }) {
      const [row] = await sql<Webhook[]>`
        insert into webhooks (url, format, filter, secret, name, after_sequence)
        values (${url}, ${format}, ${sql.json(filter as never)}, ${secret ?? null}, ${name ?? null}, (select last from live_sequence_head))
        returning ${columns}`;
      return row!;
    },

    listWebhooks: () => sql<Webhook[]>`select ${columns} from webhooks order by id`,

    listEnabledWebhooks: () => sql<Webhook[]>`select ${columns} from webhooks where enabled order by id`,

    async findWebhook({ id }: { id: number }) {
      const [row] = await sql<Webhook[]>`select ${columns} from webhooks where id = ${id}`;
      return row ?? null;
    },

    async deleteWebhook({ id }: { id: number }) {
      return (await sql`delete from webhooks where id = ${id} returning id`).length > 0;
    },

    /** Turns a webhook back on from now: kills stored while it was off are not sent (an enabled one keeps its place). */
    async enableWebhook({ id }: { id: number }) {
      const [row] = await sql<Webhook[]>`
        update webhooks set enabled = true, consecutive_failures = 0, disabled_reason = null,
          after_sequence = case when enabled then after_sequence else (select last from live_sequence_head) end
        where id = ${id} returning ${columns}`;
      return row ?? null;
    },

    async recordDelivered({ id, status, sequence }: { id: number; status: number; sequence: number }) {
      await sql`
        update webhooks set last_status = ${status}, last_error = null, last_attempt_at = now(), consecutive_failures = 0,
          last_delivered_sequence = greatest(coalesce(last_delivered_sequence, 0), ${sequence}), last_delivered_at = now()
        where id = ${id}`;
    },

    /** A 429 is the receiver pacing us, not failing: logged, never counted towards disabling. */
    async recordRateLimited({ id, status, reason, until }: { id: number; status: number; reason: string; until: Date }) {
      await sql`
        update webhooks set last_status = ${status}, last_error = ${reason}, last_attempt_at = now(),
          rate_limited_until = greatest(rate_limited_until, ${until})
        where id = ${id}`;
    },

    /** Counts a failure and disables the webhook at `maxFailures` in a row; `disabledNow` when this one did it. */
    async recordFailed({ id, status, reason, maxFailures }: { id: number; status: number | null; reason: string; maxFailures: number }) {
      const [row] = await sql<{ enabled: boolean; consecutiveFailures: number }[]>`
        update webhooks set last_status = ${status}, last_error = ${reason}, last_attempt_at = now(),
          consecutive_failures = consecutive_failures + 1,
          enabled = enabled and consecutive_failures + 1 < ${maxFailures},
          disabled_reason = case when enabled and consecutive_failures + 1 >= ${maxFailures}
            then ${`${maxFailures} failed deliveries in a row`} else disabled_reason end
        where id = ${id} returning enabled, consecutive_failures`;
      return { disabledNow: Boolean(row && !row.enabled && row.consecutiveFailures === maxFailures) };
    },

    async readDispatchCursor() {
      const [row] = await sql<{ sequence: number }[]>`select sequence from webhook_dispatch`;
      return row?.sequence ?? 0;
    },

    /** Moves the cursor from `from` to `to`; false when it was not at `from` (another dispatcher moved it). */
    async advanceDispatchCursor({ from, to }: { from: number; to: number }) {
      return (await sql`update webhook_dispatch set sequence = ${to} where sequence = ${from} returning sequence`).length > 0;
    },

    /**
     * Holds the dispatcher's session advisory lock on a connection of its own: one dispatcher runs however many
     * `work` processes do, and a process that dies frees it with its connection. Null when another holds it.
     */
    async tryDispatchLock() {
      const reserved = await sql.reserve();
      const [lock] = await reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${DISPATCH_LOCK_KEY}) as locked`.catch((error) => {
        reserved.release();
        throw error;
      });
      if (!lock?.locked) {
        reserved.release();
        return null;
      }
      return {
        /** False once the session (and so the lock) is gone, e.g. after a PostgreSQL restart. */
        async held() {
          const [row] = await reserved<{ held: boolean }[]>`
            select exists (select 1 from pg_locks where locktype = 'advisory' and objid = ${DISPATCH_LOCK_KEY}
              and pid = pg_backend_pid() and granted) as held`.catch(() => [{ held: false }]);
          return Boolean(row?.held);
        },
        async release() {
          // A session whose server went away may never answer; its lock is gone with it, so wait a little at most.
          await withDeadline({ promise: reserved`select pg_advisory_unlock(${DISPATCH_LOCK_KEY})`, ms: UNLOCK_DEADLINE_MS, message: "unlock: no answer" })
            .catch(() => {});
          reserved.release();
        },
      };
    },
  };
}
export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
export type DispatchLock = NonNullable<Awaited<ReturnType<WebhookRepository["tryDispatchLock"]>>>;
