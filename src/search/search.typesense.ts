/**
 * Search on Typesense (set TYPESENSE_URL): one collection of every searchable name, typo-tolerant prefix
 * search over name and ticker. Enrichment calls `upsertSearchDocuments` as names arrive, so the index follows
 * the entities table; static data (ships, items, systems, ...) is upserted the same way after an SDE load.
 */
import { Client } from "typesense";
import type { Sql } from "../db/db.client.ts";
import { createSearchRepository } from "./search.repository.ts";
import { rankResults, type SearchBackend, type SearchKind } from "./search.models.ts";

export const SEARCH_COLLECTION = "killboard_search";

export type SearchDocument = { kind: SearchKind; id: number; name: string; ticker?: string | null };
type StoredDocument = { id: string; kind: SearchKind; entity_id: number; name: string; ticker?: string };

const COLLECTION_SCHEMA = {
  name: SEARCH_COLLECTION,
  fields: [
    { name: "kind", type: "string" as const, facet: true },
    { name: "entity_id", type: "int64" as const },
    { name: "name", type: "string" as const },
    { name: "ticker", type: "string" as const, optional: true },
  ],
};

export function createTypesenseClient({ url, apiKey }: { url: string; apiKey: string }) {
  const parsed = new URL(url);
  const protocol = parsed.protocol.replace(":", "");
  const port = Number(parsed.port || (protocol === "https" ? 443 : 80));
  return new Client({ nodes: [{ host: parsed.hostname, port, protocol, path: parsed.pathname.replace(/\/$/, "") }], apiKey, connectionTimeoutSeconds: 2, numRetries: 1 });
}

/** Creates the collection when it does not exist yet (idempotent). */
export async function ensureSearchCollection({ client }: { client: Client }) {
  try {
    await client.collections(SEARCH_COLLECTION).retrieve();
  } catch (error) {
    if ((error as { httpStatus?: number }).httpStatus !== 404) throw error;
    await client.collections().create(COLLECTION_SCHEMA);
  }
}

/** Inserts or replaces documents by `kind:id`; throws when Typesense refuses any of them. */
export async function upsertSearchDocuments({ client, documents }: { client: Client; documents: SearchDocument[] }) {
  if (!documents.length) return { upserted: 0 };
  await ensureSearchCollection({ client });
  const stored: StoredDocument[] = documents.map((doc) => ({
    id: `${doc.kind}:${doc.id}`, kind: doc.kind, entity_id: doc.id, name: doc.name, ...(doc.ticker ? { ticker: doc.ticker } : {}),
  }));
  const results = await client.collections<StoredDocument>(SEARCH_COLLECTION).documents().import(stored, { action: "upsert" });
  const failed = results.filter((result) => !result.success);
  if (failed.length) throw new Error(`typesense refused ${failed.length} document(s): ${failed[0]?.error ?? "?"}`);
  return { upserted: results.length };
}

export function createTypesenseSearch({ url, apiKey }: { url: string; apiKey: string }): SearchBackend {
  const client = createTypesenseClient({ url, apiKey });
  return {
    name: "typesense",
    async search({ term, limit }) {
      const response = await client.collections<StoredDocument>(SEARCH_COLLECTION).documents().search({
        q: term, query_by: "name,ticker", prefix: true, num_typos: 2, per_page: limit,
      });
      const results = (response.hits ?? []).map(({ document }) => ({
        kind: document.kind, id: document.entity_id, name: document.name, ticker: document.ticker ?? null,
      }));
      return rankResults({ results, term, limit });
    },
  };
}

const REINDEX_BATCH = 5_000;

/** Upserts every searchable name (SDE and known entities): run once on an empty index, safe to repeat. */
export async function reindexSearchDocuments({ sql, client }: { sql: Sql; client: Client }) {
  const documents = await createSearchRepository({ sql }).listSearchDocuments();
  for (let from = 0; from < documents.length; from += REINDEX_BATCH) {
    await upsertSearchDocuments({ client, documents: documents.slice(from, from + REINDEX_BATCH) });
  }
  return { upserted: documents.length };
}

/** For `serve` at start: fills an empty or missing index, leaves a populated one to enrichment's upserts. */
export async function ensureSearchIndexed({ sql, client }: { sql: Sql; client: Client }) {
  await ensureSearchCollection({ client });
  const collection = await client.collections(SEARCH_COLLECTION).retrieve();
  if ((collection.num_documents ?? 0) > 0) return { upserted: 0 };
  return reindexSearchDocuments({ sql, client });
}
