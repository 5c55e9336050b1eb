/**
 * The match fields of `/api/v1/killmails` (api.schemas.ts killmailMatchFields) as a killmail filter, pure: the
 * list API adds time and paging to it, the live surfaces (ws, SSE, webhooks) use it as is. It lives here, beside
 * the schema, because live/ already imports api/ for that schema and api/ must not import live/ back.
 */
import { KILL_TYPES, type KillmailFilter } from "../killmails/killmail.queries.ts";
import type { KillmailMatchQuery } from "./api.schemas.ts";

export type MatchFilter = Pick<KillmailFilter, "entity" | "labels" | "minValue" | "maxValue" | "solarSystemId" | "constellationId" | "regionId" | "shipGroupId">;

/** Only the fields the query sets: `{}` matches everything. */
export function toMatchFilter(query: KillmailMatchQuery): MatchFilter {
  const labels = [...(query.label ?? []), ...(query.type ? [KILL_TYPES[query.type]!.label] : [])];
  const filter: MatchFilter = {
    entity: query.entityKind && query.entityId ? { kind: query.entityKind, id: query.entityId, role: query.role } : undefined,
    labels: labels.length ? labels : undefined,
    minValue: query.minValue, maxValue: query.maxValue, solarSystemId: query.solarSystemId,
    constellationId: query.constellationId, regionId: query.regionId, shipGroupId: query.shipGroupId,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as MatchFilter;
}
