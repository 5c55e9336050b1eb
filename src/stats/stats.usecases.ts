/** Statistics behind the stats API and the board-wide pages. Returns data only; presenters format it. */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames, type EntityNames } from "../names/names.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { isPlayerKind, TOP_KINDS, type TopKind } from "../vocabulary/entity-kinds.ts";
import { createActivityRepository } from "./stats.activity.repository.ts";
import { activitySince, computeRatios, toZkbActivity, toZkbMonths } from "./stats.models.ts";
import { createStatsRepository, type Scope } from "./stats.repository.ts";
import type { TopMetric } from "./stats.top.repository.ts";
import { createTopsRepository } from "./stats.tops.repository.ts";
import type { BoardEntity } from "../board/board.models.ts";
import { createTopRanking } from "./stats.board.usecases.ts";

/**
 * The activity heatmap of the last 12 months and this one: kept by month for every scope whose top lists are kept
 * (a busy scope's year is too many kills to count on a visit), counted live for a small party.
 */
export async function loadActivity({ sql, scope, now, kept }: { sql: Sql; scope: Scope; now: Date; kept?: boolean }) {
  const since = activitySince(now);
  if (kept ?? (await createTopsRepository({ sql }).isKept({ scope }))) return createActivityRepository({ sql }).heatmap({ scope, since });
  return createStatsRepository({ sql }).activity({ scope, since });
}

/**
 * Months from entity_monthly, newest first, all time or from the month `since` falls in. None stored means the
 * rollup has not reached the entity yet (it is new, so small: aggregated live) or it had no activity then (the
 * live query over an empty window of the involvement index is as cheap).
 */
export async function listEntityMonths({ sql, scope, since }: { sql: Sql; scope: Scope; since?: Date }) {
  const stats = createStatsRepository({ sql });
  const stored = await stats.monthlyStored({ scope, since });
  return stored.length ? stored : stats.monthly({ scope, since });
}

/** An entity's statistics under zKillboard's field names, shared by `/api/stats/…` and `/api/v1/stats/…`; `months` covers all time. */
export async function getEntityStatistics({ sql, scope, now }: { sql: Sql; scope: Scope; now: Date }) {
  const stats = createStatsRepository({ sql });
  const [summary, monthly, activity] = await Promise.all([
    stats.summarize({ scope }), listEntityMonths({ sql, scope }), loadActivity({ sql, scope, now }),
  ]);
  const { dangerRatio, gangRatio } = computeRatios({ summary });
  return {
    shipsDestroyed: summary.shipsDestroyed, shipsLost: summary.shipsLost,
    iskDestroyed: summary.iskDestroyed, iskLost: summary.iskLost,
    pointsDestroyed: summary.pointsDestroyed, pointsLost: summary.pointsLost,
    soloKills: summary.soloKills, soloLosses: summary.soloLosses,
    dangerRatio, gangRatio, avgGangSize: Math.round(summary.avgGangSize * 10) / 10,
    months: toZkbMonths({ monthly }), activity: toZkbActivity({ cells: activity }),
  };
}

export type TopList = { kind: TopKind; rows: { id: number; score: number }[] };

/** The player entities top lists name (ships and systems are named from static data). */
export const topListKeys = ({ lists }: { lists: TopList[] }) =>
  lists.flatMap(({ kind, rows }) => (isPlayerKind(kind) ? rows.map((row) => ({ kind, id: row.id })) : []));

/** Player names for the rows of several top lists, in one look-up. */
export function resolveTopNames({ sql, universe, lists }: { sql: Sql; universe: UniverseNames; lists: TopList[] }): Promise<EntityNames> {
  return resolveEntityNames({ sql, universe, keys: topListKeys({ lists }) });
}

/** One list per top kind; `since` undefined means all time; with `board`, players are ranked among its members. */
export async function loadTopLists({ sql, universe, metric, since, limit = 10, board }: {
  sql: Sql; universe: UniverseNames; metric: TopMetric; since?: Date; limit?: number; board?: readonly BoardEntity[];
}) {
  const rankTop = createTopRanking({ sql, board });
  const lists: TopList[] = await Promise.all(TOP_KINDS.map(async (kind) => ({ kind, rows: await rankTop({ kind, metric, since, limit }) })));
  return { lists, names: await resolveTopNames({ sql, universe, lists }) };
}
