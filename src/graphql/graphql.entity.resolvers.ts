/**
 * Field resolvers of the entities. A player entity's parent is `{ kind, id }` (its name and row come from the
 * loaders); a static one's is `{ id }` (named from the SDE in memory). Kills and losses are the same keyset list as
 * /api/v1/killmails with the entity's filter; stats are the entity page's summary, its 7-day top lists and its months.
 */
import { daysBefore } from "../app/time.ts";
import { ceoIdOf, STATS_WINDOWS_DAYS } from "../entities/entity.usecases.ts";
import { itemUrl, entityUrl } from "../present/present.urls.ts";
import { THE_FORGE_REGION_ID } from "../prices/prices.types.ts";
import { createHistoryRepository } from "../prices/history.repository.ts";
import { computeRatios } from "../stats/stats.models.ts";
import { createStatsRepository, type EntitySummary, type Scope } from "../stats/stats.repository.ts";
import { listEntityMonths } from "../stats/stats.usecases.ts";
import type { EntityKind, PartyKind } from "../vocabulary/entity-kinds.ts";
import type { GraphqlContext } from "./graphql.context.ts";
import { listKillmailConnection } from "./graphql.killmail.resolvers.ts";
import type { PlayerKey } from "./graphql.loaders.ts";
import { playerRef } from "./graphql.models.ts";
import { userInputError } from "./graphql.input.ts";

type Static = { id: number };
type Page = { first: number; after?: string | null };
const TOP_SIZE = 5;
const MAX_HISTORY_DAYS = 3_650;

/** The Stats parent: the summary is read once however many of its fields are asked. */
type StatsParent = { scope: Scope; summary: () => Promise<EntitySummary> };
function statsOf({ context, scope }: { context: GraphqlContext; scope: Scope }): StatsParent {
  let summary: Promise<EntitySummary> | undefined;
  return {
    scope,
    summary: () => (summary ??= (context.spend({ field: "stats" }), createStatsRepository({ sql: context.deps.sql }).summarize({ scope }))),
  };
}

const list = ({ context, filter, page }: { context: GraphqlContext; filter: Record<string, unknown>; page: Page }) =>
  listKillmailConnection({ context, filter, first: page.first, after: page.after });

/** kills, losses and stats of an entity that takes part in killmails (players, factions, ships, groups). */
function partyFields<P extends { id: number }>(kind: PartyKind) {
  return {
    url: (parent: P) => entityUrl(kind, parent.id),
    kills: (parent: P, page: Page, context: GraphqlContext) => list({ context, filter: { entityKind: kind, entityId: parent.id, role: "attacker" }, page }),
    losses: (parent: P, page: Page, context: GraphqlContext) => list({ context, filter: { entityKind: kind, entityId: parent.id, role: "victim" }, page }),
    stats: (parent: P, _: unknown, context: GraphqlContext) => statsOf({ context, scope: { kind, id: parent.id } }),
  };
}

/** killmails and stats of a place. */
function placeFields({ kind, filterKey }: { kind: "system" | "constellation" | "region"; filterKey: string }) {
  return {
    url: (parent: Static) => entityUrl(kind, parent.id),
    killmails: (parent: Static, page: Page, context: GraphqlContext) => list({ context, filter: { [filterKey]: parent.id }, page }),
    stats: (parent: Static, _: unknown, context: GraphqlContext) => statsOf({ context, scope: { kind, id: parent.id } }),
  };
}

const nameOf = (parent: PlayerKey, _: unknown, { loaders }: GraphqlContext) => loaders.names.load(parent).then((names) => names.name);
const tickerOf = (parent: PlayerKey, _: unknown, { loaders }: GraphqlContext) => loaders.names.load(parent).then((names) => names.ticker);
const rowOf = ({ parent, context }: { parent: PlayerKey; context: GraphqlContext }) => context.loaders.entities.load(parent);
/** A field of the entity's stored row (null until enrichment fetched it). */
const rowField = ({ field }: { field: "securityStatus" | "memberCount" | "dateFounded" }) =>
  async (parent: PlayerKey, _: unknown, context: GraphqlContext) => (await rowOf({ parent, context }))?.[field] ?? null;
/** The corporation or alliance an id of the stored row names. */
const affiliation = ({ kind, field }: { kind: "corporation" | "alliance"; field: "corporationId" | "allianceId" | "executorCorporationId" }) =>
  async (parent: PlayerKey, _: unknown, context: GraphqlContext) => playerRef({ kind, id: (await rowOf({ parent, context }))?.[field] });

async function priceHistory({ context, typeId, days }: { context: GraphqlContext; typeId: number; days: number }) {
  context.spend({ field: "priceHistory" });
  if (days < 1 || days > MAX_HISTORY_DAYS) throw userInputError({ problems: [`days: must be from 1 to ${MAX_HISTORY_DAYS}`] });
  const history = await createHistoryRepository({ sql: context.deps.sql }).listTypeHistory({ typeId, regionId: THE_FORGE_REGION_ID });
  const since = daysBefore(context.deps.now(), days).toISOString().slice(0, 10);
  return history.filter((day) => day.day >= since).map((day) => ({ day: day.day, average: day.average, source: day.source }));
}

async function topEntries({ parent, context, lost }: { parent: StatsParent; context: GraphqlContext; lost: boolean | "systems" }) {
  context.spend({ field: lost === "systems" ? "topSystems" : lost ? "topShipsLost" : "topShipsUsed" });
  const stats = createStatsRepository({ sql: context.deps.sql });
  const since = daysBefore(context.deps.now(), STATS_WINDOWS_DAYS.tops);
  const { universe } = context.deps;
  if (lost === "systems") {
    const rows = await stats.topSystems({ scope: parent.scope, since, limit: TOP_SIZE });
    return rows.map((row) => ({ kind: "system", id: row.id, name: universe.systemName(row.id), score: row.count }));
  }
  const rows = await stats.topShips({ scope: parent.scope, lost, since, limit: TOP_SIZE });
  return rows.map((row) => ({ kind: "ship", id: row.id, name: universe.typeName(row.id), score: row.count }));
}

const summaryField = (field: keyof EntitySummary) => async (parent: StatsParent) => (await parent.summary())[field];
const ratioField = (field: "dangerRatio" | "gangRatio") => async (parent: StatsParent) => computeRatios({ summary: await parent.summary() })[field];

export const entityResolvers = {
  Character: {
    name: nameOf,
    ...partyFields<PlayerKey>("character"),
    corporation: affiliation({ kind: "corporation", field: "corporationId" }),
    alliance: affiliation({ kind: "alliance", field: "allianceId" }),
    securityStatus: rowField({ field: "securityStatus" }),
  },
  Corporation: {
    name: nameOf,
    ticker: tickerOf,
    ...partyFields<PlayerKey>("corporation"),
    alliance: affiliation({ kind: "alliance", field: "allianceId" }),
    memberCount: rowField({ field: "memberCount" }),
    ceo: async (parent: PlayerKey, _: unknown, context: GraphqlContext) => playerRef({ kind: "character", id: ceoIdOf(await rowOf({ parent, context })) }),
    dateFounded: rowField({ field: "dateFounded" }),
  },
  Alliance: {
    name: nameOf,
    ticker: tickerOf,
    ...partyFields<PlayerKey>("alliance"),
    executor: affiliation({ kind: "corporation", field: "executorCorporationId" }),
    memberCount: rowField({ field: "memberCount" }),
    dateFounded: rowField({ field: "dateFounded" }),
  },
  Faction: { name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.factionName(parent.id), ...partyFields<Static>("faction") },
  ShipType: {
    name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.typeName(parent.id),
    group: (parent: Static, _: unknown, { deps }: GraphqlContext) => groupOf({ context: deps, typeId: parent.id }),
    ...partyFields<Static>("ship"),
    priceHistory: (parent: Static, { days }: { days: number }, context: GraphqlContext) => priceHistory({ context, typeId: parent.id, days }),
  },
  Group: {
    name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.groupName(parent.id),
    categoryId: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.group(parent.id)?.categoryId ?? null,
    ...partyFields<Static>("group"),
  },
  System: {
    name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.systemName(parent.id),
    security: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.system(parent.id)?.security ?? 0,
    constellation: (parent: Static, _: unknown, { deps }: GraphqlContext) => staticRef(deps.universe.system(parent.id)?.constellationId),
    region: (parent: Static, _: unknown, { deps }: GraphqlContext) => staticRef(deps.universe.system(parent.id)?.regionId),
    ...placeFields({ kind: "system", filterKey: "solarSystemId" }),
  },
  Constellation: {
    name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.constellationName(parent.id),
    region: (parent: Static, _: unknown, { deps }: GraphqlContext) => staticRef(deps.universe.constellation(parent.id)?.regionId),
    ...placeFields({ kind: "constellation", filterKey: "constellationId" }),
  },
  Region: { name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.regionName(parent.id), ...placeFields({ kind: "region", filterKey: "regionId" }) },
  Item: {
    name: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.typeName(parent.id),
    group: (parent: Static, _: unknown, { deps }: GraphqlContext) => groupOf({ context: deps, typeId: parent.id }),
    basePrice: (parent: Static, _: unknown, { deps }: GraphqlContext) => deps.universe.type(parent.id)?.basePrice ?? null,
    priceHistory: (parent: Static, { days }: { days: number }, context: GraphqlContext) => priceHistory({ context, typeId: parent.id, days }),
    url: (parent: Static) => itemUrl(parent.id),
  },
  Stats: {
    shipsDestroyed: summaryField("shipsDestroyed"), shipsLost: summaryField("shipsLost"), iskDestroyed: summaryField("iskDestroyed"),
    iskLost: summaryField("iskLost"), pointsDestroyed: summaryField("pointsDestroyed"), pointsLost: summaryField("pointsLost"),
    soloKills: summaryField("soloKills"), soloLosses: summaryField("soloLosses"),
    avgGangSize: async (parent: StatsParent) => Math.round((await parent.summary()).avgGangSize * 10) / 10,
    dangerRatio: ratioField("dangerRatio"), gangRatio: ratioField("gangRatio"),
    topShipsUsed: (parent: StatsParent, _: unknown, context: GraphqlContext) => topEntries({ parent, context, lost: false }),
    topShipsLost: (parent: StatsParent, _: unknown, context: GraphqlContext) => topEntries({ parent, context, lost: true }),
    topSystems: (parent: StatsParent, _: unknown, context: GraphqlContext) => topEntries({ parent, context, lost: "systems" }),
    months: (parent: StatsParent, _: unknown, context: GraphqlContext) => (context.spend({ field: "months" }),
      listEntityMonths({ sql: context.deps.sql, scope: parent.scope, since: daysBefore(context.deps.now(), STATS_WINDOWS_DAYS.monthly) })),
  },
};

const staticRef = (id: number | null | undefined) => (id ? { id } : null);
function groupOf({ context, typeId }: { context: GraphqlContext["deps"]; typeId: number }) {
  return staticRef(context.universe.type(typeId)?.groupId);
}

/** Whether an id names something this board knows, for the top-level look-ups (null otherwise, never an error). */
export async function findEntity({ context, kind, id }: { context: GraphqlContext; kind: EntityKind | "item"; id: number }) {
  const { universe } = context.deps;
  if (kind === "character" || kind === "corporation" || kind === "alliance") {
    const known = (await context.loaders.entities.load({ kind, id })) !== null || (kind === "corporation" && !!universe.npcCorporation(id));
    return known ? { kind, id } : null;
  }
  const has = { faction: universe.has.faction, ship: universe.has.type, item: universe.has.type, group: universe.has.group,
    system: universe.has.system, constellation: universe.has.constellation, region: universe.has.region }[kind];
  return has(id) ? { id } : null;
}
