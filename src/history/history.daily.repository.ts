/**
 * entity_daily (migration 00021), kept from the cron rollups pass: a refresh collects the (entity, UTC day) pairs of
 * the killmails stored since the last one (the look-back of refreshSinceWatermark) and recomputes each pair whole
 * from killmail_involvement and killmails. A recomputed row replaces the old one, so a killmail seen by two windows
 * in a row, a retry or a rerun never counts twice, and a late kill for an old day rewrites that day exactly.
 * Every pass then rebuilds the months and years of the pairs it touched (history.periods.repository.ts).
 */
import type { Sql } from "../db/db.client.ts";
import { refreshSinceWatermark } from "../stats/stats.totals.repository.ts";
import { rebuildAllPeriods, rebuildPeriodsSince, rebuildTouchedPeriods } from "./history.periods.repository.ts";

export const DAILY_REFRESH_LOCK_ID = 724_109;
const WATERMARK = "entity_daily";
const PLACES = [["system", "solar_system_id"], ["constellation", "constellation_id"], ["region", "region_id"]] as const;
const COLUMNS = ["entity_kind", "entity_id", "day", "kills", "losses", "isk_destroyed", "isk_lost", "points", "points_lost", "solo_kills", "solo_losses"];

const utcDay = (t: Sql, column: ReturnType<Sql>) => t`(${column} at time zone 'UTC')::date`;
/** The UTC instants a `date` column's day starts and ends at, for range conditions the partitions prune on. */
const dayStart = (t: Sql, day: ReturnType<Sql>) => t`(${day}::timestamp at time zone 'UTC')`;
const dayEnd = (t: Sql, day: ReturnType<Sql>) => t`((${day} + 1)::timestamp at time zone 'UTC')`;

const FIGURES = (t: Sql) => t`kills, losses, isk_destroyed, isk_lost, points, points_lost, solo_kills, solo_losses`;
const partyFigures = (t: Sql) => t`
  count(*) filter (where not i.is_victim), count(*) filter (where i.is_victim),
  coalesce(sum(k.total_value) filter (where not i.is_victim), 0)::float8, coalesce(sum(k.total_value) filter (where i.is_victim), 0)::float8,
  coalesce(sum(k.points) filter (where not i.is_victim), 0), coalesce(sum(k.points) filter (where i.is_victim), 0),
  count(*) filter (where not i.is_victim and k.solo), count(*) filter (where i.is_victim and k.solo)`;
/** A place's day: every killmail there is a kill (as on its page), it has no losses. */
const placeFigures = (t: Sql) => t`
  count(*), 0, coalesce(sum(k.total_value), 0)::float8, 0::float8, coalesce(sum(k.points), 0), 0, count(*) filter (where k.solo), 0`;
const withKillmail = (t: Sql) => t`join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time`;

/** Every party's days, for the first fill. */
function allDays(t: Sql) {
  const places = PLACES.map(([kind, name]) => t`
    select ${kind}::text, k.${t(name)}::bigint, ${utcDay(t, t`k.killmail_time`)}, ${placeFigures(t)}
    from killmails k where k.${t(name)} is not null group by 2, 3`);
  return t`
    select i.entity_kind, i.entity_id, ${utcDay(t, t`i.killmail_time`)}, ${partyFigures(t)}
    from killmail_involvement i ${withKillmail(t)} group by 1, 2, 3
    union all ${places[0]!} union all ${places[1]!} union all ${places[2]!}`;
}

/**
 * The pairs in `touched_days`. A party's day is one index range per side (hence `is_victim in (false, true)`) in the one
 * partition of that day; the lateral form keeps the planner from hash-joining whole partitions, which it otherwise
 * picks. A place's days are aggregated per touched day over that day's killmails (constellations have no index).
 */
function touchedDays(t: Sql) {
  const figures = t`f(kills, losses, isk_destroyed, isk_lost, points, points_lost, solo_kills, solo_losses)`;
  const places = PLACES.map(([kind, name]) => t`
    select x.entity_kind, x.entity_id, x.day, ${FIGURES(t)}
    from (select distinct day from touched_days where entity_kind = ${kind}) d
    cross join lateral (
      select k.${t(name)}::bigint, ${placeFigures(t)} from killmails k
      where k.killmail_time >= ${dayStart(t, t`d.day`)} and k.killmail_time < ${dayEnd(t, t`d.day`)} and k.${t(name)} is not null group by 1
    ) f(place, kills, losses, isk_destroyed, isk_lost, points, points_lost, solo_kills, solo_losses)
    join touched_days x on x.entity_kind = ${kind} and x.entity_id = f.place and x.day = d.day`);
  return t`
    select x.entity_kind, x.entity_id, x.day, ${FIGURES(t)} from touched_days x
    cross join lateral (
      select ${partyFigures(t)} from killmail_involvement i ${withKillmail(t)}
      where i.entity_kind = x.entity_kind and i.entity_id = x.entity_id and i.is_victim in (false, true)
        and i.killmail_time >= ${dayStart(t, t`x.day`)} and i.killmail_time < ${dayEnd(t, t`x.day`)}
    ) ${figures}
    where x.entity_kind not in ${t(PLACES.map(([kind]) => kind))} and f.kills + f.losses > 0
    union all ${places[0]!} union all ${places[1]!} union all ${places[2]!}`;
}

/** The pairs of these killmails (`keys`: a query of killmail_id, killmail_time) into `touched_days`. */
async function collectTouched(t: Sql, keys: ReturnType<Sql>) {
  await t`create temporary table touched_days on commit drop as
    with keys as (${keys}), kills as (select k.* from keys join killmails k using (killmail_id, killmail_time))
    select distinct i.entity_kind, i.entity_id, ${utcDay(t, t`i.killmail_time`)} as day from keys join killmail_involvement i using (killmail_id, killmail_time)
    union select 'system', solar_system_id, ${utcDay(t, t`killmail_time`)} from kills
    union select 'constellation', constellation_id, ${utcDay(t, t`killmail_time`)} from kills where constellation_id is not null
    union select 'region', region_id, ${utcDay(t, t`killmail_time`)} from kills where region_id is not null`;
}

/** Replaces the rows of the pairs in `touched_days` (a pair left without killmails loses its row), then their months and years. */
async function recomputeTouched(t: Sql) {
  // A fresh temporary table has no statistics: the delete and the joins below are planned from them.
  await t`analyze touched_days`;
  await t`delete from entity_daily d using touched_days x
    where d.entity_kind = x.entity_kind and d.entity_id = x.entity_id and d.day = x.day`;
  const written = await t`insert into entity_daily (${t(COLUMNS)}) ${touchedDays(t)}`;
  const periods = await rebuildTouchedPeriods(t);
  const [pairs] = await t<{ count: number }[]>`select count(*)::int as count from touched_days`;
  return { pairs: pairs!.count, days: written.count, ...periods };
}

/**
 * Recomputes, inside the caller's transaction, the days of these stored killmails (a revalue changed their ISK).
 * Waits for a running refresh rather than racing it; before the first full fill there is nothing to correct.
 */
export async function refreshDailyOfKillmails(t: Sql, { killmails }: { killmails: { killmailId: number; killmailTime: Date }[] }) {
  if (!killmails.length) return null;
  await t`select pg_advisory_xact_lock(${DAILY_REFRESH_LOCK_ID})`;
  const [mark] = await t`select 1 from rollup_watermarks where name = ${WATERMARK}`;
  if (!mark) return null;
  const ids = killmails.map((k) => k.killmailId);
  const times = killmails.map((k) => k.killmailTime.toISOString());
  await collectTouched(t, t`select * from unnest(${ids}::bigint[], ${times}::timestamptz[]) as x(killmail_id, killmail_time)`);
  return recomputeTouched(t);
}

export function createDailyRepository({ sql }: { sql: Sql }) {
  return {
    /** Null when another process holds the refresh; else the pairs recomputed (or the full fill's rows) and the periods rebuilt. */
    refreshEntityDaily: () => refreshSinceWatermark({ sql, lockId: DAILY_REFRESH_LOCK_ID, watermark: WATERMARK, async work(t, since) {
      if (since) {
        await collectTouched(t, t`select killmail_id, killmail_time from killmails where stored_at > ${since}`);
        return { ...(await recomputeTouched(t)), full: false };
      }
      await t`delete from entity_daily`;
      const written = await t`insert into entity_daily (${t(COLUMNS)}) ${allDays(t)}`;
      return { pairs: written.count, days: written.count, ...(await rebuildAllPeriods(t)), full: true };
    } }),

    /**
     * Self-correction: every day from `since` recomputed whole, whatever changed it (a revalue outside the revalue
     * path, a killmail removed by hand). Waits for a running refresh.
     */
    recomputeDaysSince: ({ since }: { since: Date }) => sql.begin(async (tx) => {
      const t = tx as unknown as Sql;
      await t`select pg_advisory_xact_lock(${DAILY_REFRESH_LOCK_ID})`;
      await collectTouched(t, t`select killmail_id, killmail_time from killmails where killmail_time >= ${since}`);
      // A day whose killmails are all gone still has a row to remove; a pair listed twice would be counted twice.
      await t`insert into touched_days select d.entity_kind, d.entity_id, d.day from entity_daily d
        where d.day >= ${utcDay(t, t`${since}::timestamptz`)} and not exists (select 1 from touched_days x
          where x.entity_kind = d.entity_kind and x.entity_id = d.entity_id and x.day = d.day)`;
      return recomputeTouched(t);
    }),

    /** Self-correction: every month from the one `since` falls in rebuilt from its days, and their years. */
    rebuildMonthsSince: ({ since }: { since: Date }) => sql.begin(async (tx) => {
      const t = tx as unknown as Sql;
      await t`select pg_advisory_xact_lock(${DAILY_REFRESH_LOCK_ID})`;
      return rebuildPeriodsSince(t, { since });
    }),
  };
}
