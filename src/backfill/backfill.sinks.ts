/**
 * Where backfilled killmails go: as NORMAL-priority `km-<id>` jobs (workers fetch bodies from ESI; live feeds
 * keep overtaking them), or with `--raw` straight into storage in batches, with no ESI call at all. An entry that
 * cannot become a killmail (invalid job, invalid body, a body the database refuses) is counted as rejected with
 * its reason; it never stops the day. Only a failure that may pass (database down) stops the run, to be resumed.
 */
import type { Queue } from "bullmq";
import type { Logger } from "../app/log.ts";
import { isAppError } from "../app/errors.ts";
import type { IngestRepository } from "../ingest/ingest.repository.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { StoreInterruptedError, storeKillmailBatch, type BatchStoreOutcome, type StoreKillmails } from "../killmails/killmail.store.ts";
import type { KillmailInput } from "../killmails/killmail.types.ts";
import { BACKFILL_PRIORITY, enqueueKillmails } from "../queue/queue.client.ts";
import { killmailJobSchema, type KillmailJob } from "../queue/queue.schemas.ts";
import type { BackfillRejection } from "./backfill.schemas.ts";
import type { BackfillEntry, BackfillSink } from "./backfill.usecases.ts";
import { describeZodError } from "../app/zod.ts";

type Find = BackfillSink["findExistingIds"];

/** Logs a rejection and counts it in ingest outcomes under `backfill`, like the live pipeline's rejections. */
function createRejecter({ ingest, logger }: { ingest: IngestRepository; logger: Logger }) {
  return async function reject({ key, reason }: BackfillRejection) {
    logger.warn(`backfill ${key} rejected: ${reason}`);
    await ingest.recordOutcome({ source: "backfill", outcome: "rejected", reason: `${key}: ${reason}` });
  };
}

export function createQueueSink({ queue, findExistingIds, ingest, logger }: { queue: Queue; findExistingIds: Find; ingest: IngestRepository; logger: Logger }): BackfillSink {
  const reject = createRejecter({ ingest, logger });
  return {
    findExistingIds,
    reject,
    async handOff({ entries }) {
      const jobs: KillmailJob[] = [];
      for (const entry of entries) {
        const job = { killmailId: entry.killmailId, hash: entry.hash, source: "backfill" as const, firstSeenAt: new Date().toISOString() };
        const parsed = killmailJobSchema.safeParse(job);
        if (parsed.success) jobs.push(parsed.data);
        else await reject({ key: `killmail ${entry.killmailId}`, reason: describeZodError(parsed.error) });
      }
      await enqueueKillmails({ queue, jobs, priority: BACKFILL_PRIORITY });
      return { rejected: entries.length - jobs.length };
    },
  };
}

export function createRawSink({ storeKillmails, findExistingIds, ingest, logger }: { storeKillmails: StoreKillmails; findExistingIds: Find; ingest: IngestRepository; logger: Logger }): BackfillSink {
  const reject = createRejecter({ ingest, logger });

  /** Counts what a batch stored and rejects what it refused; also for the part stored before an interruption. */
  async function record({ outcome }: { outcome: BatchStoreOutcome }) {
    const count = outcome.storedIds.length;
    if (count) await ingest.recordOutcome({ source: "backfill", outcome: "stored", count });
    for (const { input, reason } of outcome.rejections) await reject({ key: `killmail ${input.killmailId}`, reason });
  }

  async function parseInputs(entries: BackfillEntry[]) {
    const inputs: KillmailInput[] = [];
    for (const entry of entries) {
      try {
        inputs.push(parseKillmailInput({ json: { killmail_id: entry.killmailId, hash: entry.hash, esi: entry.esi }, source: "backfill", firstSeenAt: new Date() }));
      } catch (error) {
        await reject({ key: `killmail ${entry.killmailId}`, reason: isAppError(error) ? error.message : String(error) });
      }
    }
    return inputs;
  }

  /** A database that is down stops the run (the day stays incomplete, to be resumed), after counting what landed. */
  async function storeBatch(inputs: KillmailInput[]) {
    try {
      return await storeKillmailBatch({ storeKillmails, inputs });
    } catch (error) {
      // The outage usually fails this count too; the interruption is still the error the run stops with.
      if (error instanceof StoreInterruptedError) await record({ outcome: error.partial }).catch(() => {});
      throw error;
    }
  }

  return {
    findExistingIds,
    reject,
    async handOff({ entries }) {
      const inputs = await parseInputs(entries);
      const outcome = await storeBatch(inputs);
      await record({ outcome });
      const rejected = entries.length - inputs.length + outcome.rejections.length;
      return { rejected };
    },
  };
}
