/**
 * The battle list behind `/battles/` and `/api/v1/battles`: one filter and one keyset order (ended_at, battle_id),
 * so a page's last row is the next page's cursor. A place the SDE does not know is a 400, not an empty list: the
 * player mistyped an id, and "no battles" would say something false.
 */
import { createBadParameterError } from "../present/present.errors.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { BattleFilter, createBattlesReadRepository } from "./battles.read.repository.ts";
import { encodeBattleCursor } from "./battles.schemas.ts";

type Reads = ReturnType<typeof createBattlesReadRepository>;
/** The filter as given, with the name each place goes by in this caller's query string. */
type Given = BattleFilter & { parameters: { solarSystemId: string; regionId: string } };

export function ensureKnownPlaces({ universe, filter }: { universe: UniverseNames; filter: Given }) {
  if (filter.solarSystemId != null && !universe.has.system(filter.solarSystemId)) {
    throw createBadParameterError({ parameter: filter.parameters.solarSystemId, problem: `no solar system ${filter.solarSystemId}` });
  }
  if (filter.regionId != null && !universe.has.region(filter.regionId)) {
    throw createBadParameterError({ parameter: filter.parameters.regionId, problem: `no region ${filter.regionId}` });
  }
}

export async function listBattlesPage({ reads, universe, filter, before, limit }: {
  reads: Reads; universe: UniverseNames; filter: Given; before?: { endedAt: Date; battleId: number }; limit: number;
}) {
  ensureKnownPlaces({ universe, filter });
  const { solarSystemId, regionId, minKills } = filter;
  const battles = await reads.listRecentBattles({ limit, before, filter: { solarSystemId, regionId, minKills } });
  const last = battles.at(-1);
  return { battles, nextCursor: last && battles.length === limit ? encodeBattleCursor(last) : null };
}
