/**
 * The details pass: ticker, member count, CEO or executor, founding date of player corporations and alliances,
 * fetched when missing or a week old. Each costs one GET, so a sweep takes at most DETAILS_SWEEP_MAX of them and
 * a backlog drains over sweeps. A failed fetch is reported and left due, so the next sweep retries it; it never
 * fails the sweep. After DETAILS_FAILURES_MAX failures ESI is unwell and the rest waits for the next sweep.
 */
import { DAY_MS } from "../app/time.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { EsiError } from "../esi/esi.errors.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { leadersToName, toAllianceDetails, toCorporationDetails, type EntityDetails } from "./enrichment.details.models.ts";
import type { EntityDetailsRepository } from "./enrichment.details.repository.ts";
import type { EntityRef } from "./enrichment.repository.ts";

export const DETAILS_STALE_AFTER_MS = 7 * DAY_MS;
/** At DETAILS_CONCURRENCY in flight, a full pass is a few seconds of ESI's time. */
export const DETAILS_SWEEP_MAX = 250;
const DETAILS_CONCURRENCY = 4;
const DETAILS_FAILURES_MAX = 10;

type Esi = Pick<EsiClient, "getCorporation" | "getAlliance">;
type Outcome = { ref: EntityRef; details?: EntityDetails; unknown?: boolean; failed?: boolean };

async function fetchDetails({ esi, ref }: { esi: Esi; ref: EntityRef }): Promise<EntityDetails> {
  if (ref.entityKind === "corporation") return toCorporationDetails({ id: ref.entityId, body: await esi.getCorporation({ corporationId: ref.entityId }) });
  return toAllianceDetails({ id: ref.entityId, body: await esi.getAlliance({ allianceId: ref.entityId }) });
}

export async function refreshEntityDetails({ esi, repository, now = Date.now(), limit = DETAILS_SWEEP_MAX, onFailure }: {
  esi: Esi;
  repository: EntityDetailsRepository;
  now?: number;
  limit?: number;
  onFailure?: (failure: { ref: EntityRef; error: unknown }) => void;
}) {
  const refs = await repository.listDetailsDue({ dueBefore: new Date(now - DETAILS_STALE_AFTER_MS), limit });
  let failures = 0;
  const outcomes = await mapWithConcurrency({
    items: refs,
    concurrency: DETAILS_CONCURRENCY,
    run: async (ref): Promise<Outcome> => {
      if (failures >= DETAILS_FAILURES_MAX) return { ref };
      try {
        return { ref, details: await fetchDetails({ esi, ref }) };
      } catch (error) {
        if (error instanceof EsiError && error.httpStatus === 404) return { ref, unknown: true };
        failures++;
        onFailure?.({ ref, error });
        return { ref, failed: true };
      }
    },
  });
  const details = outcomes.flatMap((outcome) => (outcome.details ? [outcome.details] : []));
  const unknown = outcomes.filter((outcome) => outcome.unknown).map((outcome) => outcome.ref);
  const entities = await repository.saveDetails({ details });
  await repository.markDetailsChecked({ refs: unknown });
  await repository.addEntityStubs({ refs: leadersToName({ details }) });
  return { due: refs.length, refreshed: details.length, unknown: unknown.length, failed: failures, entities };
}
