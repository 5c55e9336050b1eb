/**
 * One killmail job: body (from the job, else ESI) → validate → store exactly once → event → enrichment.
 * Permanent problems (bad payload, invalid hash, invalid body, a body the database refuses) throw
 * `UnrecoverableError` carrying the reason, so the job fails once, visibly, and the worker keeps going; anything
 * else throws plainly and BullMQ retries.
 */
import { UnrecoverableError, type Job } from "bullmq";
import { isAppError } from "../app/errors.ts";
import { isPermanentEsiError } from "../esi/esi.errors.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import type { KillmailInput } from "../killmails/killmail.types.ts";
import { killmailJobSchema, type KillmailJob } from "../queue/queue.schemas.ts";
import type { IngestOutcome } from "./ingest.repository.ts";
import type { KillmailEvent } from "./killmail.events.ts";
import type { StoreResult } from "./store.batcher.ts";
import { describeStoreError, isPermanentStoreError } from "../killmails/killmail.store-errors.ts";
import { describeZodError } from "../app/zod.ts";

export type KillmailJobDeps = {
  fetchKillmail: (args: { killmailId: number; hash: string }) => Promise<unknown>;
  /** `stored` true when this call stored it, false when it was stored before (a duplicate delivery). */
  storeKillmail: (input: KillmailInput) => Promise<StoreResult>;
  publishEvent: (event: KillmailEvent) => Promise<unknown>;
  requestEnrichment: () => Promise<void>;
  /** `firstSeenAt` comes with a stored killmail, for the ingest latency. */
  recordOutcome: (args: { source: string; outcome: IngestOutcome; reason?: string; firstSeenAt?: Date }) => Promise<void>;
  /** Set with BOARD_ENTITIES: a valid killmail it says no to is completed unstored, as `outside-board`. */
  involvesBoard?: (esi: KillmailInput["esi"]) => boolean;
};

function readPayload(data: unknown): KillmailJob {
  const rejected = (data as { rejected?: unknown } | null)?.rejected;
  if (typeof rejected === "string") throw new UnrecoverableError(`rejected by the feed listener: ${rejected}`);
  const parsed = killmailJobSchema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid job payload: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

async function readBody({ payload, deps }: { payload: KillmailJob; deps: KillmailJobDeps }) {
  if (payload.esi !== undefined) return payload.esi;
  if (!payload.hash) throw new UnrecoverableError(`killmail ${payload.killmailId}: no body and no hash to fetch one`);
  try {
    return await deps.fetchKillmail({ killmailId: payload.killmailId, hash: payload.hash });
  } catch (error) {
    if (isPermanentEsiError(error)) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}

function toInput({ payload, body }: { payload: KillmailJob; body: unknown }) {
  const json = { killmail_id: payload.killmailId, hash: payload.hash, esi: body, ...(payload.zkb === undefined ? {} : { zkb: payload.zkb }) };
  return parseKillmailInput({ json, source: payload.source, firstSeenAt: new Date(payload.firstSeenAt) });
}

export function createKillmailJobProcessor({ deps }: { deps: KillmailJobDeps }) {
  async function reject(payload: KillmailJob, reason: string): Promise<never> {
    await deps.recordOutcome({ source: payload.source, outcome: "rejected", reason });
    throw new UnrecoverableError(reason);
  }

  return async function processKillmailJob(job: Pick<Job, "data" | "attemptsStarted">) {
    const payload = readPayload(job.data);
    const body = await readBody({ payload, deps });
    let input: KillmailInput;
    try {
      input = toInput({ payload, body });
    } catch (error) {
      return reject(payload, isAppError(error) ? error.message : String(error));
    }
    if (deps.involvesBoard && !deps.involvesBoard(input.esi)) {
      await deps.recordOutcome({ source: payload.source, outcome: "outside-board" });
      return { killmailId: input.killmailId, stored: false, sequence: null, outsideBoard: true };
    }
    let result: StoreResult;
    try {
      result = await deps.storeKillmail(input);
    } catch (error) {
      // A model error or a refusal of the data itself fails the same way every time; anything else is retried.
      if (isPermanentStoreError(error)) return reject(payload, describeStoreError(error));
      throw error;
    }
    const { stored, sequence } = result;
    await deps.recordOutcome({ source: payload.source, outcome: stored ? "stored" : "duplicate", firstSeenAt: input.firstSeenAt });
    // A retry after a crash between storing and publishing finds a duplicate: publish then too (at least once).
    // attemptsStarted, not attemptsMade: a job whose worker was SIGKILLed comes back as stalled, which BullMQ
    // does not count as a failed attempt, but it did start it (prepareJobForProcessing increments "ats").
    if (stored || job.attemptsStarted > 1) await deps.publishEvent(toEvent({ input, sequence }));
    if (stored) await deps.requestEnrichment();
    return { killmailId: input.killmailId, stored, sequence };
  };
}

const toEvent = ({ input, sequence }: { input: KillmailInput; sequence: number | null }): KillmailEvent => ({
  event: "killmail",
  sequence,
  killmailId: input.killmailId,
  hash: input.hash,
  killmailTime: input.esi.killmail_time,
  solarSystemId: input.esi.solar_system_id,
  source: input.source,
  storedAt: new Date().toISOString(),
});
