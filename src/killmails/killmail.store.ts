/**
 * The one way a batch of killmails is stored, shared by the worker, `killmail import` and `backfill --raw`: the
 * batch in one transaction; when that fails, each killmail alone, so a killmail the model or the database refuses
 * for its own data is rejected with its reason and its neighbours land. A failure that is not a killmail's fault
 * (the database down, see killmail.store-errors.ts) stops the call instead: nothing is ever reported as rejected
 * because of it, and the error carries what was stored before it. Exactly-once rests on the repository's
 * transaction, so storing the same killmail again after an interruption counts it as a duplicate.
 */
import { AppError } from "../app/errors.ts";
import { describeStoreError, isPermanentStoreError } from "./killmail.store-errors.ts";
import type { KillmailInput } from "./killmail.types.ts";

/** `sequences` has the live sequence number of every stored and every duplicate killmail of the batch. */
export type StoreKillmails = (args: { inputs: KillmailInput[] }) => Promise<{ storedIds: number[]; duplicateIds: number[]; sequences: Map<number, number> }>;
/** `input` is the very object handed in, so callers can map it back to a job or a file line. */
export type StoreRejection = { input: KillmailInput; error: unknown; reason: string };
export type BatchStoreOutcome = { storedIds: number[]; duplicateIds: number[]; sequences: Map<number, number>; rejections: StoreRejection[] };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** An AppError (503, so never taken for the killmail's fault) that also says what landed before the failure. */
export class StoreInterruptedError extends AppError {
  readonly partial: BatchStoreOutcome;
  constructor({ cause, partial }: { cause: unknown; partial: BatchStoreOutcome }) {
    super({ code: "killmail.store_interrupted", message: `storing killmails stopped: ${messageOf(cause)}`, status: 503, cause });
    this.partial = partial;
  }
}

function refuse({ input, error, outcome }: { input: KillmailInput; error: unknown; outcome: BatchStoreOutcome }) {
  if (!isPermanentStoreError(error)) throw new StoreInterruptedError({ cause: error, partial: outcome });
  outcome.rejections.push({ input, error, reason: describeStoreError(error) });
}

async function storeInto({ storeKillmails, inputs, outcome }: { storeKillmails: StoreKillmails; inputs: KillmailInput[]; outcome: BatchStoreOutcome }) {
  const { storedIds, duplicateIds, sequences } = await storeKillmails({ inputs });
  outcome.storedIds.push(...storedIds);
  outcome.duplicateIds.push(...duplicateIds);
  for (const [killmailId, sequence] of sequences) outcome.sequences.set(killmailId, sequence);
}

// Whatever failed the transaction (one bad killmail, or a deadlock), alone each either lands or names itself;
// were they failed together, their retries would batch together and fail again. Down, the first alone throws.
async function storeOneByOne({ storeKillmails, inputs, outcome }: { storeKillmails: StoreKillmails; inputs: KillmailInput[]; outcome: BatchStoreOutcome }) {
  for (const input of inputs) {
    try {
      await storeInto({ storeKillmails, inputs: [input], outcome });
    } catch (error) {
      refuse({ input, error, outcome });
    }
  }
}

/** Stores `inputs`; rejects only killmails refused for their own data, throws `StoreInterruptedError` otherwise. */
export async function storeKillmailBatch({ storeKillmails, inputs }: { storeKillmails: StoreKillmails; inputs: KillmailInput[] }) {
  const outcome: BatchStoreOutcome = { storedIds: [], duplicateIds: [], sequences: new Map(), rejections: [] };
  if (!inputs.length) return outcome;
  try {
    await storeInto({ storeKillmails, inputs, outcome });
  } catch (error) {
    // A batch of one already failed alone: storing it again would only repeat the same answer.
    if (inputs.length === 1) refuse({ input: inputs[0]!, error, outcome });
    else await storeOneByOne({ storeKillmails, inputs, outcome });
  }
  return outcome;
}
