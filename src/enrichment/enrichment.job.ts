/** The enrichment queue's processor: one sweep per job; a full sweep asks for another so a backlog drains. */
import type { Job } from "bullmq";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { createEnrichmentRepository } from "./enrichment.repository.ts";
import { ENRICHMENT_SWEEP_MAX, enrichStaleEntities } from "./enrichment.usecases.ts";

export function createEnrichmentProcessor({ sql, esi, logger, onFullSweep }: {
  sql: Sql;
  esi: EsiClient;
  logger: Logger;
  onFullSweep?: () => Promise<void>;
}) {
  const repository = createEnrichmentRepository({ sql });
  return async function processEnrichmentJob(_job: Job) {
    const result = await enrichStaleEntities({ esi, repository });
    if (result.written) logger.debug(`enriched ${result.written} entities (${result.unknown} unknown to ESI)`);
    if (result.written >= ENRICHMENT_SWEEP_MAX) await onFullSweep?.();
    return result;
  };
}
