/**
 * Fills `entities` in batches: names for up to 1000 ids per request, character affiliations for up to 1000
 * characters per request, and one cached detail request per corporation/alliance (for the ticker). The cost
 * grows with the number of distinct corporations and alliances, never one request per pilot.
 */
import type { EsiClient } from "../esi/esi.client.ts";
import { mapWithConcurrency } from "./concurrency.ts";
import { ESI_NAMES_BATCH_MAX, resolveNames } from "./enrichment.names.ts";
import type { EnrichmentRepository, EntityRef, ResolvedEntity } from "./enrichment.repository.ts";
import { DAY_MS } from "../app/time.ts";

export const ENTITY_STALE_AFTER_MS = DAY_MS;
export const ENRICHMENT_SWEEP_MAX = 5_000;
const DETAIL_CONCURRENCY = 8;

type Esi = Pick<EsiClient, "postUniverseNames" | "postAffiliation" | "getCorporation" | "getAlliance">;

async function affiliationsOf({ esi, characterIds }: { esi: Esi; characterIds: number[] }) {
  const byCharacter = new Map<number, { corporation_id: number; alliance_id?: number; faction_id?: number }>();
  for (let start = 0; start < characterIds.length; start += ESI_NAMES_BATCH_MAX) {
    const rows = await esi.postAffiliation({ characterIds: characterIds.slice(start, start + ESI_NAMES_BATCH_MAX) });
    for (const row of rows) byCharacter.set(row.character_id, row);
  }
  return byCharacter;
}

async function detailOf({ esi, ref }: { esi: Esi; ref: EntityRef }): Promise<Partial<ResolvedEntity>> {
  try {
    if (ref.entityKind === "corporation") {
      const corporation = await esi.getCorporation({ corporationId: ref.entityId });
      return { ticker: corporation.ticker, allianceId: corporation.alliance_id ?? null, factionId: corporation.faction_id ?? null };
    }
    if (ref.entityKind === "alliance") return { ticker: (await esi.getAlliance({ allianceId: ref.entityId })).ticker };
  } catch {
    // A missing ticker is cosmetic; the name still lands and the next sweep after the stale period retries.
  }
  return {};
}

/** One sweep: resolves up to `limit` unknown or stale entities; returns how many it wrote. */
export async function enrichStaleEntities({ esi, repository, now = Date.now(), limit = ENRICHMENT_SWEEP_MAX }: {
  esi: Esi;
  repository: EnrichmentRepository;
  now?: number;
  limit?: number;
}) {
  const refs = await repository.listStaleEntities({ staleBefore: new Date(now - ENTITY_STALE_AFTER_MS), limit });
  if (!refs.length) return { written: 0, unknown: 0, entities: [] as ResolvedEntity[] };
  const { names, unknownIds } = await resolveNames({ ids: [...new Set(refs.map((ref) => ref.entityId))], postNames: esi.postUniverseNames });
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const characterIds = refs.filter((ref) => ref.entityKind === "character" && nameOf.has(ref.entityId)).map((ref) => ref.entityId);
  const affiliations = await affiliationsOf({ esi, characterIds });
  const details = await mapWithConcurrency({
    items: refs.filter((ref) => ref.entityKind !== "character" && nameOf.has(ref.entityId)),
    concurrency: DETAIL_CONCURRENCY,
    run: async (ref) => [ref.entityId, await detailOf({ esi, ref })] as const,
  });
  const detailsById = new Map(details);
  const entities: ResolvedEntity[] = refs.map((ref) => {
    const affiliation = affiliations.get(ref.entityId);
    return {
      ...ref,
      name: nameOf.get(ref.entityId) ?? null,
      ...(affiliation ? { corporationId: affiliation.corporation_id, allianceId: affiliation.alliance_id ?? null, factionId: affiliation.faction_id ?? null } : {}),
      ...(detailsById.get(ref.entityId) ?? {}),
    };
  });
  await repository.saveEntities({ entities });
  return { written: entities.length, unknown: unknownIds.length, entities };
}
