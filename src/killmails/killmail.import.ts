/**
 * `killmail import`: a bad record (not JSON, not a killmail, refused by the database) is rejected with its reason
 * and never stops the rest; a failure that is not a record's fault (the database down) stops the import with that
 * cause, reporting nothing as rejected. What was stored stays stored, so running it again stores only the rest.
 */
import { AppError } from "../app/errors.ts";
import type { Sql } from "../db/db.client.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { readKillmailEntries, type KillmailEntry } from "./killmail.files.ts";
import { StoreInterruptedError, storeKillmailBatch, type BatchStoreOutcome } from "./killmail.store.ts";
import type { KillmailInput, KillmailSource } from "./killmail.types.ts";
import { createKillmailProcessor } from "./killmail.usecases.ts";

export type ImportRejection = { file: string; line?: number; reason: string };
export type ImportProgress = { read: number; stored: number; duplicates: number; rejected: number };
type Origin = KillmailEntry["origin"];

const BATCH_SIZE = 500;

function parseEntry({ entry, source, firstSeenAt }: { entry: KillmailEntry; source: KillmailSource; firstSeenAt: Date }) {
  let json: unknown;
  try {
    json = JSON.parse(entry.text);
  } catch (error) {
    throw new Error(`not JSON (${error instanceof Error ? error.message : error})`);
  }
  return parseKillmailInput({ json, source, firstSeenAt });
}

function createTally() {
  const rejected: ImportRejection[] = [];
  const progress: ImportProgress = { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  const reject = ({ origin, reason }: { origin: Origin; reason: string }) => {
    rejected.push({ ...origin, reason });
    progress.rejected++;
  };
  const count = ({ outcome, origins }: { outcome: BatchStoreOutcome; origins: Map<KillmailInput, Origin> }) => {
    progress.stored += outcome.storedIds.length;
    progress.duplicates += outcome.duplicateIds.length;
    for (const { input, reason } of outcome.rejections) reject({ origin: origins.get(input)!, reason });
  };
  return { rejected, progress, reject, count };
}

function createInterruptedError({ error, progress }: { error: StoreInterruptedError; progress: ImportProgress }) {
  const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
  return new AppError({
    code: "killmail.import_interrupted",
    message: `import stopped after storing ${progress.stored} killmails: ${cause}; run it again to store the rest`,
    status: 503,
    cause: error,
  });
}

/** Imports every record; a bad record is rejected with its reason, a database outage throws. */
export async function importKillmails({ sql, files, source = "import", onProgress }: {
  sql: Sql;
  files: string[];
  source?: KillmailSource;
  onProgress?: (progress: ImportProgress) => void;
}) {
  const { storeKillmails } = await createKillmailProcessor({ sql });
  const { rejected, progress, reject, count } = createTally();
  let origins = new Map<KillmailInput, Origin>();
  const flush = async () => {
    if (!origins.size) return;
    try {
      count({ outcome: await storeKillmailBatch({ storeKillmails, inputs: [...origins.keys()] }), origins });
    } catch (error) {
      if (!(error instanceof StoreInterruptedError)) throw error;
      count({ outcome: error.partial, origins });
      throw createInterruptedError({ error, progress });
    }
    origins = new Map();
    onProgress?.({ ...progress });
  };

  for await (const entry of readKillmailEntries({ files })) {
    progress.read++;
    try {
      origins.set(parseEntry({ entry, source, firstSeenAt: new Date() }), entry.origin);
    } catch (error) {
      reject({ origin: entry.origin, reason: error instanceof Error ? error.message : String(error) });
    }
    if (origins.size >= BATCH_SIZE) await flush();
  }
  await flush();
  return { stored: progress.stored, duplicates: progress.duplicates, rejected };
}
