/**
 * The enrichment queue's processor: one sweep per job, the details pass first (the CEOs and executors it meets
 * are then named by the names pass of the same sweep). A full sweep asks for another so a backlog drains.
 */
import type { Job } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { DETAILS_SWEEP_MAX, refreshEntityDetails } from "./enrichment.details.ts";
import { createEntityDetailsRepository } from "./enrichment.details.repository.ts";
import { createEnrichmentRepository, type NamedEntity } from "./enrichment.repository.ts";
import { ENRICHMENT_SWEEP_MAX, enrichStaleEntities } from "./enrichment.usecases.ts";

/** One document per entity for the search index, the later write winning. */
const latestOf = (entities: NamedEntity[]) => [...new Map(entities.map((e) => [`${e.entityKind}:${e.entityId}`, e])).values()];

export function createEnrichmentProcessor({ sql, esi, logger, onFullSweep, onEnriched }: {
  sql: Sql;
  esi: EsiClient;
  logger: Logger;
  onFullSweep?: () => Promise<void>;
  /** Follows the names and tickers written (e.g. into the search index); a throw fails the job so the sweep is retried. */
  onEnriched?: (entities: NamedEntity[]) => Promise<unknown>;
}) {
  const repository = createEnrichmentRepository({ sql });
  const detailsRepository = createEntityDetailsRepository({ sql });
  const onFailure = ({ ref, error }: { ref: { entityKind: string; entityId: number }; error: unknown }) =>
    logger.warn(`${ref.entityKind} ${ref.entityId} details not fetched, retried next sweep:`, error instanceof Error ? error.message : error);
  return async function processEnrichmentJob(_job: Job) {
    const details = await refreshEntityDetails({ esi, repository: detailsRepository, onFailure });
    const result = await enrichStaleEntities({ esi, repository });
    if (result.written) logger.debug(`enriched ${result.written} entities (${result.unknown} unknown to ESI)`);
    if (details.due) logger.debug(`details of ${details.refreshed} corporations and alliances (${details.unknown} unknown, ${details.failed} failed)`);
    const entities = latestOf([...details.entities, ...result.entities]);
    if (entities.length) await onEnriched?.(entities);
    // A details pass cut short by failures is not a backlog: asking again at once would only hammer ESI.
    const detailsFull = details.refreshed + details.unknown >= DETAILS_SWEEP_MAX;
    if (result.written >= ENRICHMENT_SWEEP_MAX || detailsFull) await onFullSweep?.();
    return { written: result.written, unknown: result.unknown, details: { refreshed: details.refreshed, unknown: details.unknown, failed: details.failed } };
  };
}
