/**
 * Where backfilled killmails go: as NORMAL-priority `km-<id>` jobs (workers fetch bodies from ESI; live feeds
 * keep overtaking them), or with `--raw` straight into storage in batches, with no ESI call at all. A raw body
 * that fails validation is counted as rejected with its reason; it never stops the day.
 */
import type { Queue } from "bullmq";
import type { Logger } from "../app/log.ts";
import { isAppError } from "../app/errors.ts";
import type { IngestRepository } from "../ingest/ingest.repository.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import type { KillmailInput } from "../killmails/killmail.types.ts";
import { BACKFILL_PRIORITY, enqueueKillmails } from "../queue/queue.client.ts";
import type { BackfillEntry, BackfillSink } from "./backfill.usecases.ts";

type Find = BackfillSink["findExistingIds"];
type Store = (args: { inputs: KillmailInput[] }) => Promise<{ storedIds: number[]; duplicateIds: number[] }>;

export function createQueueSink({ queue, findExistingIds }: { queue: Queue; findExistingIds: Find }): BackfillSink {
  return {
    findExistingIds,
    async handOff({ entries }) {
      const jobs = entries.filter((entry) => entry.hash).map((entry) => ({
        killmailId: entry.killmailId, hash: entry.hash, source: "backfill" as const, firstSeenAt: new Date().toISOString(),
      }));
      await enqueueKillmails({ queue, jobs, priority: BACKFILL_PRIORITY });
      return { rejected: entries.length - jobs.length };
    },
  };
}

export function createRawSink({ storeKillmails, findExistingIds, ingest, logger }: { storeKillmails: Store; findExistingIds: Find; ingest: IngestRepository; logger: Logger }): BackfillSink {
  async function reject(entry: BackfillEntry, reason: string) {
    logger.warn(`backfill killmail ${entry.killmailId} rejected: ${reason}`);
    await ingest.recordOutcome({ source: "backfill", outcome: "rejected", reason });
  }

  async function storeOneByOne(inputs: KillmailInput[]) {
    let rejected = 0;
    for (const input of inputs) {
      try {
        await storeKillmails({ inputs: [input] });
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        await reject({ killmailId: input.killmailId, hash: input.hash }, error.message);
        rejected++;
      }
    }
    return rejected;
  }

  return {
    findExistingIds,
    async handOff({ entries }) {
      const inputs: KillmailInput[] = [];
      let rejected = 0;
      for (const entry of entries) {
        try {
          inputs.push(parseKillmailInput({ json: { killmail_id: entry.killmailId, hash: entry.hash, esi: entry.esi }, source: "backfill", firstSeenAt: new Date() }));
        } catch (error) {
          await reject(entry, isAppError(error) ? error.message : String(error));
          rejected++;
        }
      }
      try {
        const { storedIds } = await storeKillmails({ inputs });
        if (storedIds.length) await ingest.recordOutcome({ source: "backfill", outcome: "stored", count: storedIds.length });
      } catch (error) {
        // One bad body fails the whole batch transaction; find it by storing the batch one by one.
        if (!isAppError(error) || error.status >= 500) throw error;
        rejected += await storeOneByOne(inputs);
      }
      return { rejected };
    },
  };
}
