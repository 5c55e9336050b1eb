/** Enrichment → Typesense: every named character, corporation and alliance is upserted into the search index. */
import type { ResolvedEntity } from "../enrichment/enrichment.repository.ts";
import { createTypesenseClient, upsertSearchDocuments, type SearchDocument } from "../search/search.typesense.ts";

export function toSearchDocuments({ entities }: { entities: ResolvedEntity[] }): SearchDocument[] {
  return entities.flatMap((entity) =>
    entity.name ? [{ kind: entity.entityKind, id: entity.entityId, name: entity.name, ticker: entity.ticker ?? null }] : [],
  );
}

export function createSearchIndexer({ url, apiKey }: { url: string; apiKey: string }) {
  const client = createTypesenseClient({ url, apiKey });
  return (entities: ResolvedEntity[]) => upsertSearchDocuments({ client, documents: toSearchDocuments({ entities }) });
}
