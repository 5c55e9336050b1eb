/**
 * The R2Z2 hand-off: fetched entries leave in sequence order, each accepted (or rejected with its reason) exactly
 * once per run, and the cursor is saved over them only after all of them went. A failure retries the entries
 * not yet handed off, from memory: R2Z2 is not asked for them again.
 */
import type { Logger } from "../app/log.ts";
import { sleep } from "../app/time.ts";
import { describeZodError } from "../app/zod.ts";
import type { Changes } from "./changes.ts";
import { feedEnvelopeSchema, type FeedEntry, type ListenerPort } from "./feed.listener.ts";
import type { ReadState } from "./r2z2.reader.ts";

export function toR2z2Entry({ json, now }: { json: unknown; now: Date }): { entry: FeedEntry } | { reason: string } {
  const envelope = feedEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { reason: describeZodError(envelope.error) };
  const { killmail_id, hash, esi, zkb } = envelope.data as { killmail_id: number; hash: string; esi?: unknown; zkb?: unknown };
  if (esi === undefined) return { reason: "esi: missing (R2Z2 records embed the ESI killmail)" };
  return { entry: { killmailId: killmail_id, hash: hash.toLowerCase(), esi, ...(zkb === undefined ? {} : { zkb }), source: "r2z2", firstSeenAt: now } };
}

/** Takes fetched entries in sequence order, as many as are ready, and moves the cursor over them. */
export async function runR2z2HandOff({ state, changes, port, logger, signal, backoff }: {
  state: ReadState;
  changes: Changes;
  port: ListenerPort;
  logger: Logger;
  signal: AbortSignal;
  backoff: { next: () => number; reset: () => void };
}) {
  const handedOff = new Set<number>();
  while (!signal.aborted) {
    const batch: number[] = [];
    for (let sequence = state.handedThrough + 1; state.ready.has(sequence); sequence++) batch.push(sequence);
    if (!batch.length) {
      await changes.wait({ signal });
      continue;
    }
    try {
      await handOffBatch({ batch, ready: state.ready, handedOff, port, logger });
      await port.saveCursor(String(batch.at(-1)));
    } catch (error) {
      const waitMs = backoff.next();
      logger.warn(`r2z2 hand-off of sequence ${batch[0]}: ${(error as Error).message}; retrying in ${waitMs} ms`);
      await sleep(waitMs, signal);
      continue;
    }
    for (const sequence of batch) {
      state.ready.delete(sequence);
      handedOff.delete(sequence);
    }
    state.handedThrough = batch.at(-1)!;
    backoff.reset();
    changes.notify();
  }
}

/**
 * Accepts or rejects every entry of `batch` not yet in `handedOff`, all settled before it returns (a retry never
 * overlaps an attempt still running); throws the first failure.
 */
async function handOffBatch({ batch, ready, handedOff, port, logger }: { batch: number[]; ready: Map<number, unknown>; handedOff: Set<number>; port: ListenerPort; logger: Logger }) {
  const now = new Date();
  const results = await Promise.allSettled(batch.filter((sequence) => !handedOff.has(sequence)).map(async (sequence) => {
    const parsed = toR2z2Entry({ json: ready.get(sequence), now });
    if ("reason" in parsed) {
      logger.warn(`r2z2 sequence ${sequence} rejected: ${parsed.reason}`);
      await port.reject({ source: "r2z2", position: String(sequence), reason: parsed.reason });
    } else if (!(await port.has(parsed.entry.killmailId))) {
      await port.accept(parsed.entry);
    }
    handedOff.add(sequence);
  }));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
}
