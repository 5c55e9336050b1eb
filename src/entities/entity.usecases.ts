/** Everything an entity page shows besides its list: who it is, its summary, top lists and activity. Returns data only. */
import { daysBefore, startOfUtcDay } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { RULES_THRESHOLDS } from "../killmails/rules.ts";
import { createNamesRepository, type EntityRow } from "../names/names.repository.ts";
import { entityNamesOf, type EntityNames } from "../names/names.usecases.ts";
import { createStatsRepository, type Scope } from "../stats/stats.repository.ts";
import type { TopList, TopRow } from "../stats/stats.models.ts";
import { createTopsRepository } from "../stats/stats.tops.repository.ts";
import { listEntityMonths, loadActivity } from "../stats/stats.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { isPlayerKind, type EntityKind } from "../vocabulary/entity-kinds.ts";

type Deps = { sql: Sql; universe: UniverseNames };
export type Affiliation = { kind: EntityKind; id: number; name: string };
/** What ESI says of a corporation or alliance (null until enrichment fetched it); the CEO and executor are named. */
export type EntityDetails = { memberCount: number | null; ceo: Affiliation | null; executor: Affiliation | null; dateFounded: Date | null };
/** A character's security status as ESI recorded it on its latest kill as an attacker. */
export type SecurityStatus = { status: number; asOf: Date };
export type EntityIdentity = {
  kind: EntityKind; id: number; name: string; ticker: string | null; affiliations: Affiliation[]; details?: EntityDetails | null;
  security?: SecurityStatus | null;
};

/** ESI's CEO of a closed corporation is 1 ("EVE System"): only a player pilot is worth a link. */
export const ceoIdOf = (row: EntityRow | null) => (row?.ceoId && row.ceoId > RULES_THRESHOLDS.npcCharacterMaxId ? row.ceoId : null);

function detailsOf({ row, names }: { row: EntityRow | null; names: EntityNames }): EntityDetails | null {
  if (!row?.detailsUpdatedAt) return null;
  const ceoId = ceoIdOf(row);
  const executorId = row.executorCorporationId;
  return {
    memberCount: row.memberCount, dateFounded: row.dateFounded,
    ceo: ceoId ? { kind: "character", id: ceoId, name: names.name("character", ceoId) } : null,
    executor: executorId ? { kind: "corporation", id: executorId, name: names.name("corporation", executorId) } : null,
  };
}

function describeStaticEntity({ universe, kind, id }: { universe: UniverseNames; kind: EntityKind; id: number }): EntityIdentity | null {
  const plain = (name: string, affiliations: Affiliation[] = []) => ({ kind, id, name, ticker: null, affiliations });
  if (kind === "ship") return universe.has.type(id) ? plain(universe.typeName(id)) : null;
  if (kind === "group") return universe.has.group(id) ? plain(universe.groupName(id)) : null;
  if (kind === "faction") return universe.has.faction(id) ? plain(universe.factionName(id)) : null;
  if (kind === "constellation") return universe.has.constellation(id) ? plain(universe.constellationName(id)) : null;
  if (kind === "region") return universe.has.region(id) ? plain(universe.regionName(id)) : null;
  const system = universe.system(id);
  return system ? plain(system.name, [
    { kind: "constellation", id: system.constellationId, name: universe.constellationName(system.constellationId) },
    { kind: "region", id: system.regionId, name: universe.regionName(system.regionId) }]) : null;
}

/** Name, ticker, affiliations and a corporation's or alliance's details; null when the id names nothing we know. */
export async function describeEntity({ deps, kind, id }: { deps: Deps; kind: EntityKind; id: number }): Promise<EntityIdentity | null> {
  const { universe } = deps;
  if (!isPlayerKind(kind)) return describeStaticEntity({ universe, kind, id });
  const row = await createNamesRepository({ sql: deps.sql }).findEntity({ kind, id });
  const npc = kind === "corporation" ? universe.npcCorporation(id) : undefined;
  if (!row && !npc) return null;
  const names = entityNamesOf({ universe, rows: row?.relatedNames ?? [] });
  const affiliations: Affiliation[] = [
    ...(kind === "character" && row?.corporationId ? [{ kind: "corporation" as const, id: row.corporationId, name: names.name("corporation", row.corporationId) }] : []),
    ...(kind !== "alliance" && row?.allianceId ? [{ kind: "alliance" as const, id: row.allianceId, name: names.name("alliance", row.allianceId) }] : []),
  ];
  const security = row?.securityStatus != null && row.securityStatusAt ? { status: row.securityStatus, asOf: row.securityStatusAt } : null;
  return { kind, id, name: names.name(kind, id), ticker: names.ticker(kind, id), affiliations, details: detailsOf({ row, names }), security };
}

/**
 * Top lists cover the last week, as zKillboard's do, and all time (entity_tops); the monthly chart two years, the
 * heatmap one (loadActivity); the summary all time.
 */
export const STATS_WINDOWS_DAYS = { tops: 7, monthly: 730 } as const;
const TOP_SIZE = 5;

type Stats = ReturnType<typeof createStatsRepository>;

/**
 * The week's and all time's lists: kept in entity_tops_daily and entity_tops for every place and every party past
 * a threshold, aggregated live for a small party; one statement either way, the opponents named. The week is
 * whole UTC days, from the one 7 days back.
 */
async function loadTops({ sql, stats, scope, now, kept }: { sql: Sql; stats: Stats; scope: Scope; now: Date; kept: boolean }) {
  const since = startOfUtcDay(daysBefore(now, STATS_WINDOWS_DAYS.tops));
  if (!kept) return stats.liveLists({ scope, since, limit: TOP_SIZE });
  return createTopsRepository({ sql }).keptLists({ scope, since, limit: TOP_SIZE });
}

export type TopLists = Record<TopList, TopRow[]>;

export async function loadEntityStats({ deps, kind, id, now }: { deps: Deps; kind: EntityKind; id: number; now: Date }) {
  const stats = createStatsRepository({ sql: deps.sql });
  const scope = { kind, id };
  const kept = await createTopsRepository({ sql: deps.sql }).isKept({ scope });
  const [summary, activity, monthly, { week, allTime, names: opponents }] = await Promise.all([
    stats.summarize({ scope }), loadActivity({ sql: deps.sql, scope, now, kept }),
    listEntityMonths({ sql: deps.sql, scope, since: daysBefore(now, STATS_WINDOWS_DAYS.monthly) }),
    loadTops({ sql: deps.sql, stats, scope, now, kept }),
  ]);
  return { summary, activity, monthly, week, allTime, names: entityNamesOf({ universe: deps.universe, rows: opponents }) };
}

export type EntityStats = Awaited<ReturnType<typeof loadEntityStats>>;
