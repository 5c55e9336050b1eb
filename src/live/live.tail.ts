/**
 * Follows the live sequence in order, exactly once: each worker's event (Redis pub/sub) is only a nudge to read
 * the numbers after the last one handed on, from PostgreSQL. So a missed or doubled event, events arriving out of
 * order from several workers, or a flushed Redis change nothing but latency: a slow poll is the safety net.
 */
import type { Logger } from "../app/log.ts";
import type { RedisClient } from "../redis/redis.client.ts";
import type { LiveRepository } from "./live.repository.ts";
import type { LiveRecord } from "./live.types.ts";

export const LIVE_TAIL_BATCH = 500;
export const LIVE_TAIL_POLL_MS = 1_000;

type TailOptions = {
  repository: LiveRepository;
  /** A connection of its own: once subscribed it can do nothing else. */
  subscriber: RedisClient;
  channel: string;
  /** Handed every record after the start, in sequence order, once each; awaited before the next batch. */
  onRecords: (records: LiveRecord[]) => unknown;
  logger: Logger;
  /** Start after this number; the current head when omitted (only new killmails). */
  after?: number;
  pollMs?: number;
  batch?: number;
};

/** The sequence number a worker's event names, when it names one. */
function sequenceOf(message: string) {
  try {
    const sequence = (JSON.parse(message) as { sequence?: unknown }).sequence;
    return typeof sequence === "number" ? sequence : null;
  } catch {
    return null;
  }
}

export async function startLiveTail(options: TailOptions) {
  const { repository, subscriber, channel, onRecords, logger, batch = LIVE_TAIL_BATCH } = options;
  let head = options.after ?? (await repository.readHead());
  let running: Promise<void> | null = null;
  let again = false;
  let failing = false;

  async function drain() {
    for (;;) {
      const records = await repository.readRecordsAfter({ after: head, limit: batch });
      if (!records.length) return;
      await onRecords(records);
      head = records.at(-1)!.sequence;
      if (records.length < batch) return;
    }
  }

  // One read at a time; a nudge during a read asks for one more afterwards, so none is lost and none doubles.
  function nudge() {
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .then(() => {
        if (failing) logger.info("live tail reading again");
        failing = false;
      })
      .catch((error: unknown) => {
        if (!failing) logger.warn(`live tail cannot read the sequence (retrying): ${(error as Error).message}`);
        failing = true;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          nudge();
        }
      });
  }

  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    const sequence = sequenceOf(message);
    if (sequence === null || sequence > head) nudge();
  });
  await subscriber.subscribe(channel);
  const poll = setInterval(nudge, options.pollMs ?? LIVE_TAIL_POLL_MS);
  nudge();

  return {
    /** The last number handed on. */
    head: () => head,
    async close() {
      clearInterval(poll);
      await subscriber.unsubscribe(channel).catch(() => {});
      while (running) await running;
    },
  };
}
export type LiveTail = Awaited<ReturnType<typeof startLiveTail>>;
