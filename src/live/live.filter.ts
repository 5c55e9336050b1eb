/**
 * Whether a live record matches a filter (pure). Same meaning as the list query in killmail.read.repository.ts:
 * an entity matches on the side its role names (an attacker who did 1% of the damage still counts), labels all.
 */
import type { Role } from "../killmails/killmail.queries.ts";
import { toMatchFilter } from "../api/api.filter.ts";
import type { LiveFilter, LiveInvolvement, LiveRecord } from "./live.types.ts";
import { matchesCampaign } from "../campaigns/campaigns.models.ts";

/** The list API's own match-field conversion (api.filter.ts), so a live filter means what a list query means. */
export const toLiveFilter: (query: Parameters<typeof toMatchFilter>[0]) => LiveFilter = toMatchFilter;

const onSide = (entry: LiveInvolvement, role: Role) =>
  role === "any" || (role === "victim" ? entry.victim : !entry.victim && (role === "attacker" || entry.finalBlow));

const equalIfSet = (wanted: number | undefined, actual: number | null) => wanted === undefined || wanted === actual;

export function matchesLiveFilter({ filter, record }: { filter: LiveFilter; record: LiveRecord }) {
  if (filter.campaign) return matchesCampaign({ filter: filter.campaign, record });
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
