/**
 * Groups the stores of concurrently running jobs into one transaction (up to `maxBatch`, waiting at most
 * `maxWaitMs` for company), so N concurrent jobs cost one commit instead of N. Exactly-once is unchanged: the
 * batch is one transaction keyed on killmail_ids. Any error of a batch (a model error, or a database refusal such as
 * an integer out of range) is retried by storing its killmails one by one, so only the killmail at fault fails
 * and its neighbours land; were they failed together, their retries would be batched together and fail again.
 * When the database itself is down, each single store fails too and every job retries on its own.
 */
import type { KillmailInput } from "../killmails/killmail.types.ts";

export const STORE_BATCH_MAX = 50;
export const STORE_BATCH_WAIT_MS = 5;

type Store = (args: { inputs: KillmailInput[] }) => Promise<{ storedIds: number[]; duplicateIds: number[] }>;
type Waiter = { input: KillmailInput; resolve: (stored: boolean) => void; reject: (error: unknown) => void };

export function createStoreBatcher({ storeKillmails, maxBatch = STORE_BATCH_MAX, maxWaitMs = STORE_BATCH_WAIT_MS }: { storeKillmails: Store; maxBatch?: number; maxWaitMs?: number }) {
  let waiting: Waiter[] = [];
  let timer: Timer | null = null;

  async function storeAlone(waiter: Waiter) {
    try {
      const { storedIds } = await storeKillmails({ inputs: [waiter.input] });
      waiter.resolve(storedIds.includes(waiter.input.killmailId));
    } catch (error) {
      waiter.reject(error);
    }
  }

  async function run(batch: Waiter[]) {
    try {
      const { storedIds } = await storeKillmails({ inputs: batch.map((waiter) => waiter.input) });
      const stored = new Set(storedIds);
      for (const waiter of batch) waiter.resolve(stored.has(waiter.input.killmailId));
    } catch (error) {
      if (batch.length > 1) return void (await Promise.all(batch.map(storeAlone)));
      for (const waiter of batch) waiter.reject(error);
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
    /** Resolves true when this call stored the killmail, false when it was already stored. */
    store(input: KillmailInput) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        if (waiting.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, maxWaitMs);
      });
    },
  };
}
