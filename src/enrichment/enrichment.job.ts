/** The enrichment queue's processor: one sweep per job; a full sweep asks for another so a backlog drains. */
import type { Job } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { createEnrichmentRepository, type ResolvedEntity } from "./enrichment.repository.ts";
import { ENRICHMENT_SWEEP_MAX, enrichStaleEntities } from "./enrichment.usecases.ts";

export function createEnrichmentProcessor({ sql, esi, logger, onFullSweep, onEnriched }: {
  sql: Sql;
  esi: EsiClient;
  logger: Logger;
  onFullSweep?: () => Promise<void>;
  /** Follows the names written (e.g. into the search index); a throw fails the job so the sweep is retried. */
  onEnriched?: (entities: ResolvedEntity[]) => Promise<unknown>;
}) {
  const repository = createEnrichmentRepository({ sql });
  return async function processEnrichmentJob(_job: Job) {
    const result = await enrichStaleEntities({ esi, repository });
    if (result.written) logger.debug(`enriched ${result.written} entities (${result.unknown} unknown to ESI)`);
    if (result.entities.length) await onEnriched?.(result.entities);
    if (result.written >= ENRICHMENT_SWEEP_MAX) await onFullSweep?.();
    return { written: result.written, unknown: result.unknown };
  };
}
