/**
 * Groups the stores of concurrently running jobs into one batch (up to `maxBatch`, waiting at most `maxWaitMs`
 * for company), so N concurrent jobs cost one commit instead of N. Storing and isolating the killmail at fault
 * is the shared use case's (killmails/killmail.store.ts); this only maps its outcome back onto each job: a refused
 * killmail's job fails with the database's or the model's error, and when the store stops (database down) every
 * job it had not reached fails with that interruption, so each retries on its own.
 */
import { StoreInterruptedError, storeKillmailBatch, type BatchStoreOutcome, type StoreKillmails } from "../killmails/killmail.store.ts";
import type { KillmailInput } from "../killmails/killmail.types.ts";

export const STORE_BATCH_MAX = 50;
export const STORE_BATCH_WAIT_MS = 5;

/** Whether this call stored the killmail (false: it was stored before), and its live sequence number. */
export type StoreResult = { stored: boolean; sequence: number | null };
type Waiter = { input: KillmailInput; resolve: (result: StoreResult) => void; reject: (error: unknown) => void };

function settle({ batch, outcome, failure }: { batch: Waiter[]; outcome: BatchStoreOutcome; failure?: { error: unknown } }) {
  const stored = new Set(outcome.storedIds);
  const reached = new Set([...outcome.storedIds, ...outcome.duplicateIds]);
  const refused = new Map(outcome.rejections.map((rejection) => [rejection.input, rejection.error]));
  for (const waiter of batch) {
    if (refused.has(waiter.input)) waiter.reject(refused.get(waiter.input));
    else if (!failure || reached.has(waiter.input.killmailId)) {
      const { killmailId } = waiter.input;
      waiter.resolve({ stored: stored.has(killmailId), sequence: outcome.sequences.get(killmailId) ?? null });
    }
    else waiter.reject(failure.error);
  }
}

export function createStoreBatcher({ storeKillmails, maxBatch = STORE_BATCH_MAX, maxWaitMs = STORE_BATCH_WAIT_MS }: { storeKillmails: StoreKillmails; maxBatch?: number; maxWaitMs?: number }) {
  let waiting: Waiter[] = [];
  let timer: Timer | null = null;

  async function run(batch: Waiter[]) {
    try {
      settle({ batch, outcome: await storeKillmailBatch({ storeKillmails, inputs: batch.map((waiter) => waiter.input) }) });
    } catch (error) {
      const partial = error instanceof StoreInterruptedError ? error.partial : { storedIds: [], duplicateIds: [], sequences: new Map(), rejections: [] };
      settle({ batch, outcome: partial, failure: { error } });
    }
  }

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    if (batch.length) void run(batch);
  }

  return {
    /** Resolves `stored` true when this call stored the killmail, false when it was already stored. */
    store(input: KillmailInput) {
      return new Promise<StoreResult>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        if (waiting.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, maxWaitMs);
      });
    },
  };
}
