/** Everything an entity page shows besides its list: who it is, its summary, top lists and charts. */
import type { Sql } from "../db/db.client.ts";
import { createStatsRepository } from "../stats/stats.repository.ts";
import { renderHeatmap, renderMonthly } from "../stats/stats.svg.ts";
import { formatIsk, formatNumber, imageUrl } from "../web/web.format.ts";
import { entityUrl } from "../web/web.present.ts";
import type { EntityKind } from "../vocabulary/entity-kinds.ts";
import { computeRatios } from "./entity.models.ts";
import { createNamesRepository } from "./names.repository.ts";
import { resolveEntityNames, type UniverseNames } from "./names.usecases.ts";

type Deps = { sql: Sql; universe: UniverseNames };

/** Name, ticker, picture and affiliations; null when the id names nothing we know. */
export async function describeEntity({ deps, kind, id }: { deps: Deps; kind: EntityKind; id: number }) {
  const { universe } = deps;
  const plain = (name: string) => ({ name, ticker: null as string | null, image: "", affiliations: [] as { name: string; url: string }[] });
  if (kind === "ship") return universe.has.type(id) ? { ...plain(universe.typeName(id)), image: imageUrl({ kind: "ship", id, size: 128 }) } : null;
  if (kind === "group") return universe.has.group(id) ? plain(universe.groupName(id)) : null;
  if (kind === "faction") return universe.has.faction(id) ? plain(universe.factionName(id)) : null;
  if (kind === "constellation") return universe.has.constellation(id) ? plain(universe.constellationName(id)) : null;
  if (kind === "region") return universe.has.region(id) ? plain(universe.regionName(id)) : null;
  if (kind === "system") {
    const system = universe.system(id);
    if (!system) return null;
    return { ...plain(system.name), affiliations: [
      { name: universe.constellationName(system.constellationId), url: entityUrl("constellation", system.constellationId) },
      { name: universe.regionName(system.regionId), url: entityUrl("region", system.regionId) }] };
  }
  const row = await createNamesRepository({ sql: deps.sql }).findEntity({ kind, id });
  const npc = kind === "corporation" ? universe.npcCorporation(id) : undefined;
  if (!row && !npc) return null;
  const names = await resolveEntityNames({ sql: deps.sql, universe, keys: [
    { kind: "corporation", id: row?.corporationId ?? 0 }, { kind: "alliance", id: row?.allianceId ?? 0 }, { kind, id }] });
  const affiliations = [
    ...(kind === "character" && row?.corporationId ? [{ name: names.name("corporation", row.corporationId), url: entityUrl("corporation", row.corporationId) }] : []),
    ...(kind !== "alliance" && row?.allianceId ? [{ name: names.name("alliance", row.allianceId), url: entityUrl("alliance", row.allianceId) }] : []),
  ];
  return { name: names.name(kind, id), ticker: names.ticker(kind, id), image: imageUrl({ kind, id, size: 128 }), affiliations };
}

/** Top lists cover the last week, as zKillboard's do (and a busy region's 90 days cost a second); charts a year or two; the summary all time. */
export const STATS_WINDOWS_DAYS = { tops: 7, activity: 365, monthly: 730 } as const;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

export async function loadEntityStats({ deps, kind, id, now }: { deps: Deps; kind: EntityKind; id: number; now: Date }) {
  const stats = createStatsRepository({ sql: deps.sql });
  const scope = { kind, id };
  const since = daysBefore(now, STATS_WINDOWS_DAYS.tops);
  const [summary, activity, monthly, shipsUsed, shipsLost, opponents, systems] = await Promise.all([
    stats.summarize({ scope }), stats.activity({ scope, since: daysBefore(now, STATS_WINDOWS_DAYS.activity) }),
    stats.monthly({ scope, since: daysBefore(now, STATS_WINDOWS_DAYS.monthly) }),
    stats.topShips({ scope, lost: false, since, limit: 5 }), stats.topShips({ scope, lost: true, since, limit: 5 }),
    stats.topOpponents({ scope, kind: "corporation", since, limit: 5 }), stats.topSystems({ scope, since, limit: 5 }),
  ]);
  const names = await resolveEntityNames({ sql: deps.sql, universe: deps.universe, keys: opponents.map((row) => ({ kind: "corporation" as const, id: row.id })) });
  const { universe } = deps;
  const ship = (rows: { id: number; count: number }[]) => rows.map((r) => ({ name: universe.typeName(r.id), url: entityUrl("ship", r.id), score: formatNumber(r.count) }));
  return {
    summary,
    stats: { ...computeRatios({ summary }), shipsDestroyed: formatNumber(summary.shipsDestroyed), shipsLost: formatNumber(summary.shipsLost),
      iskDestroyed: formatIsk(summary.iskDestroyed), iskLost: formatIsk(summary.iskLost), pointsDestroyed: formatNumber(summary.pointsDestroyed),
      soloKills: formatNumber(summary.soloKills) },
    tops: [
      { id: "top-ships-used", title: "Ships used (7 days)", rows: ship(shipsUsed) },
      { id: "top-ships-lost", title: "Ships lost (7 days)", rows: ship(shipsLost) },
      { id: "top-opponents", title: "Top opponents (7 days)", rows: opponents.map((r) => ({ name: names.name("corporation", r.id), url: entityUrl("corporation", r.id), score: formatNumber(r.count) })) },
      { id: "top-systems", title: "Top systems (7 days)", rows: systems.map((r) => ({ name: universe.systemName(r.id), url: entityUrl("system", r.id), score: formatNumber(r.count) })) },
    ],
    heatmap: renderHeatmap({ cells: activity }),
    monthly: renderMonthly({ months: monthly }),
  };
}
