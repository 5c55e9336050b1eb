/**
 * Daily housekeeping: finished jobs past retention leave Redis, images nobody viewed for a month leave the image
 * cache, expired sessions and unfinished logins go, and this month's hot partitions are vacuumed.
 */
import { DAY_MS, toUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { createAccountsRepository } from "../accounts/accounts.repository.ts";
import { createImagesRepository } from "../images/images.repository.ts";
import { createKillmailRepository } from "../killmails/killmail.repository.ts";
import type { Queues } from "../queue/queue.client.ts";

/** At most this many jobs are removed per queue and state in one run; the next run takes the rest. */
const CLEAN_LIMIT = 100_000;
/** An image still expired this long after its expiry was not viewed since (a view fetches it again). */
export const IMAGE_UNVIEWED_MS = 30 * DAY_MS;

export async function runHousekeeping({ sql, queues, now, keepCompletedMs, keepFailedMs }: {
  sql: Sql; queues: Queues; now: Date; keepCompletedMs: number; keepFailedMs: number;
}) {
  const removed: Record<string, number> = {};
  for (const [name, queue] of Object.entries(queues.byName)) {
    removed[`${name}.completed`] = (await queue.clean(keepCompletedMs, CLEAN_LIMIT, "completed")).length;
    removed[`${name}.failed`] = (await queue.clean(keepFailedMs, CLEAN_LIMIT, "failed")).length;
  }
  const images = await createImagesRepository({ sql }).purgeUnviewed({ expiredBefore: new Date(now.getTime() - IMAGE_UNVIEWED_MS) });
  const expired = await createAccountsRepository({ sql }).purgeExpired({ now });
  const month = toUtcDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  const killmails = createKillmailRepository({ sql });
  // A quiet board may not have this month's partitions yet (the partitions job makes them hourly).
  await killmails.ensureMonthPartitions({ months: [month] });
  await killmails.vacuumMonth({ month });
  return { removed, imagesPurged: images, expiredSessions: expired.sessions, expiredLogins: expired.logins, vacuumed: month };
}
