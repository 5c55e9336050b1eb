import type { Sql } from "../db/db.client.ts";
import { parseKillmailInput } from "./killmail.schemas.ts";
import { readKillmailEntries, type KillmailEntry } from "./killmail.files.ts";
import type { KillmailInput, KillmailSource } from "./killmail.types.ts";
import { createKillmailProcessor } from "./killmail.usecases.ts";

export type ImportRejection = { file: string; line?: number; reason: string };
export type ImportProgress = { read: number; stored: number; duplicates: number; rejected: number };

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

/** Imports every record; a bad record is rejected with its reason and never stops the rest. */
export async function importKillmails({
  sql,
  files,
  source = "import",
  onProgress,
}: {
  sql: Sql;
  files: string[];
  source?: KillmailSource;
  onProgress?: (progress: ImportProgress) => void;
}) {
  const processor = await createKillmailProcessor({ sql });
  const rejected: ImportRejection[] = [];
  const progress: ImportProgress = { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  let batch: { input: KillmailInput; origin: KillmailEntry["origin"] }[] = [];

  const count = ({ storedIds, duplicateIds }: { storedIds: number[]; duplicateIds: number[] }) => {
    progress.stored += storedIds.length;
    progress.duplicates += duplicateIds.length;
  };
  const reject = (origin: KillmailEntry["origin"], error: unknown) => {
    rejected.push({ ...origin, reason: error instanceof Error ? error.message : String(error) });
    progress.rejected++;
  };
  const flush = async () => {
    if (!batch.length) return;
    try {
      count(await processor.storeKillmails({ inputs: batch.map((entry) => entry.input) }));
    } catch {
      // One record the model or the database refuses must not sink its batch: retry one by one to name it.
      for (const { input, origin } of batch) {
        await processor.storeKillmails({ inputs: [input] }).then(count, (error) => reject(origin, error));
      }
    }
    batch = [];
    onProgress?.({ ...progress });
  };

  for await (const entry of readKillmailEntries({ files })) {
    progress.read++;
    try {
      batch.push({ input: parseEntry({ entry, source, firstSeenAt: new Date() }), origin: entry.origin });
    } catch (error) {
      reject(entry.origin, error);
    }
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  return { stored: progress.stored, duplicates: progress.duplicates, rejected };
}
