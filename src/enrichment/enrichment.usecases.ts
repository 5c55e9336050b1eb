/**
 * The names pass: fills `entities` in batches, names for up to 1000 ids per request and character affiliations
 * for up to 1000 characters per request, so its cost never grows with one request per pilot. Tickers and the
 * other corporation and alliance details cost one request each: the details pass (enrichment.details.ts) owns them.
 */
import type { EsiClient } from "../esi/esi.client.ts";
import { ESI_NAMES_BATCH_MAX, resolveNames } from "./enrichment.names.ts";
import type { EnrichmentRepository, NamedEntity, ResolvedEntity } from "./enrichment.repository.ts";
import { DAY_MS } from "../app/time.ts";

export const ENTITY_STALE_AFTER_MS = DAY_MS;
export const ENRICHMENT_SWEEP_MAX = 5_000;

type Esi = Pick<EsiClient, "postUniverseNames" | "postAffiliation">;

async function affiliationsOf({ esi, characterIds }: { esi: Esi; characterIds: number[] }) {
  const byCharacter = new Map<number, { corporation_id: number; alliance_id?: number; faction_id?: number }>();
  for (let start = 0; start < characterIds.length; start += ESI_NAMES_BATCH_MAX) {
    const rows = await esi.postAffiliation({ characterIds: characterIds.slice(start, start + ESI_NAMES_BATCH_MAX) });
    for (const row of rows) byCharacter.set(row.character_id, row);
  }
  return byCharacter;
}

/** One sweep: resolves up to `limit` unknown or stale entities; returns how many it wrote. */
export async function enrichStaleEntities({ esi, repository, now = Date.now(), limit = ENRICHMENT_SWEEP_MAX }: {
  esi: Esi;
  repository: EnrichmentRepository;
  now?: number;
  limit?: number;
}) {
  const refs = await repository.listStaleEntities({ staleBefore: new Date(now - ENTITY_STALE_AFTER_MS), limit });
  if (!refs.length) return { written: 0, unknown: 0, entities: [] as NamedEntity[] };
  const { names, unknownIds } = await resolveNames({ ids: [...new Set(refs.map((ref) => ref.entityId))], postNames: esi.postUniverseNames });
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const characterIds = refs.filter((ref) => ref.entityKind === "character" && nameOf.has(ref.entityId)).map((ref) => ref.entityId);
  const affiliations = await affiliationsOf({ esi, characterIds });
  const entities: ResolvedEntity[] = refs.map((ref) => {
    const affiliation = ref.entityKind === "character" ? affiliations.get(ref.entityId) : undefined;
    return {
      ...ref,
      name: nameOf.get(ref.entityId) ?? null,
      ...(affiliation ? { corporationId: affiliation.corporation_id, allianceId: affiliation.alliance_id ?? null, factionId: affiliation.faction_id ?? null } : {}),
    };
  });
  const saved = await repository.saveEntities({ entities });
  return { written: entities.length, unknown: unknownIds.length, entities: saved };
}
