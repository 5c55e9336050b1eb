/**
 * Whether a live record matches a filter (pure). Same meaning as the list query in killmail.read.repository.ts:
 * an entity matches on the side its role names (an attacker who did 1% of the damage still counts), labels all.
 */
import { KILL_TYPES, type Role } from "../killmails/killmail.queries.ts";
import type { LiveFilterQuery } from "./live.schemas.ts";
import type { LiveFilter, LiveInvolvement, LiveRecord } from "./live.types.ts";

export function toLiveFilter(query: LiveFilterQuery): LiveFilter {
  const labels = [...(query.label ?? []), ...(query.type ? [KILL_TYPES[query.type]!.label] : [])];
  const filter: LiveFilter = {
    entity: query.entityKind && query.entityId ? { kind: query.entityKind, id: query.entityId, role: query.role } : undefined,
    labels: labels.length ? labels : undefined,
    minValue: query.minValue, maxValue: query.maxValue, solarSystemId: query.solarSystemId,
    constellationId: query.constellationId, regionId: query.regionId, shipGroupId: query.shipGroupId,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as LiveFilter;
}

const onSide = (entry: LiveInvolvement, role: Role) =>
  role === "any" || (role === "victim" ? entry.victim : !entry.victim && (role === "attacker" || entry.finalBlow));

const equalIfSet = (wanted: number | undefined, actual: number | null) => wanted === undefined || wanted === actual;

export function matchesLiveFilter({ filter, record }: { filter: LiveFilter; record: LiveRecord }) {
  const { entity, labels } = filter;
  const value = record.zkb.totalValue;
  if (filter.minValue !== undefined && value < filter.minValue) return false;
  if (filter.maxValue !== undefined && value > filter.maxValue) return false;
  if (!equalIfSet(filter.solarSystemId, record.solarSystemId) || !equalIfSet(filter.constellationId, record.constellationId)) return false;
  if (!equalIfSet(filter.regionId, record.regionId) || !equalIfSet(filter.shipGroupId, record.victimShipGroupId)) return false;
  if (labels && !labels.every((label) => record.zkb.labels.includes(label))) return false;
  if (!entity) return true;
  return record.involvement.some((entry) => entry.kind === entity.kind && entry.id === entity.id && onSide(entry, entity.role));
}
