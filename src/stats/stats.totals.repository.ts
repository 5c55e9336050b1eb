/**
 * entity_totals, kept incrementally (migration 00010): a refresh recomputes only the entities and places of the
 * killmails stored since the previous one (killmails.stored_at), with the same aggregate for the first, full fill.
 * A killmail's store transaction stamps stored_at when it starts and may commit later: each refresh looks back
 * STORE_TRANSACTION_MARGIN_MS before the previous one's start, so a killmail committed late is still picked up.
 */
import type { Sql } from "../db/db.client.ts";

/** Longer than any store transaction (they take milliseconds to seconds). */
export const STORE_TRANSACTION_MARGIN_MS = 5 * 60_000;
/** Any one process refreshes at a time; the others skip their turn. */
const REFRESH_LOCK_ID = 724_107;
const WATERMARK = "entity_totals";

const LOCATION_COLUMNS = { system: "solar_system_id", constellation: "constellation_id", region: "region_id" } as const;
const COLUMNS = ["entity_kind", "entity_id", "kills", "points", "isk_destroyed", "solo_kills", "avg_gang_size", "losses", "points_lost", "isk_lost", "solo_losses"];

/** The per-entity aggregate (as migration 00008 defined it), over every entity or only those `touched`. */
function partyTotals(t: Sql, touched: boolean) {
  return t`
    select i.entity_kind, i.entity_id,
      count(*) filter (where not i.is_victim), coalesce(sum(k.points) filter (where not i.is_victim), 0),
      coalesce(sum(k.total_value) filter (where not i.is_victim), 0)::float8, count(*) filter (where not i.is_victim and k.solo),
      coalesce(avg(k.attacker_count) filter (where not i.is_victim), 0)::float8,
      count(*) filter (where i.is_victim), coalesce(sum(k.points) filter (where i.is_victim), 0),
      coalesce(sum(k.total_value) filter (where i.is_victim), 0)::float8, count(*) filter (where i.is_victim and k.solo)
    from ${touched ? t`touched x join killmail_involvement i on i.entity_kind = x.entity_kind and i.entity_id = x.entity_id` : t`killmail_involvement i`}
    join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time
    group by 1, 2`;
}

/** A place counts every killmail there as a kill, as its page does. */
function placeTotals(t: Sql, kind: keyof typeof LOCATION_COLUMNS, touched: boolean) {
  const column = t(LOCATION_COLUMNS[kind]);
  return t`
    select ${kind}::text, k.${column}::bigint, count(*), coalesce(sum(k.points), 0), coalesce(sum(k.total_value), 0)::float8,
      count(*) filter (where k.solo), coalesce(avg(k.attacker_count), 0)::float8, 0, 0, 0::float8, 0
    from killmails k
    where k.${column} is not null ${touched ? t`and k.${column} in (select entity_id from touched where entity_kind = ${kind})` : t``}
    group by 2`;
}

function allTotals(t: Sql, touched: boolean) {
  return t`${partyTotals(t, touched)} union all ${placeTotals(t, "system", touched)}
    union all ${placeTotals(t, "constellation", touched)} union all ${placeTotals(t, "region", touched)}`;
}

async function upsertTouched(t: Sql, since: Date) {
  await t`create temporary table touched on commit drop as
    select distinct i.entity_kind, i.entity_id from killmails k
      join killmail_involvement i on i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time
      where k.stored_at > ${since}
    union select 'system', solar_system_id from killmails where stored_at > ${since}
    union select 'constellation', constellation_id from killmails where stored_at > ${since} and constellation_id is not null
    union select 'region', region_id from killmails where stored_at > ${since} and region_id is not null`;
  return upsertTouchedTotals(t);
}

async function upsertTouchedTotals(t: Sql) {
  const result = await t`
    insert into entity_totals (${t(COLUMNS)}) ${allTotals(t, true)}
    on conflict (entity_kind, entity_id) do update set
      kills = excluded.kills, points = excluded.points, isk_destroyed = excluded.isk_destroyed, solo_kills = excluded.solo_kills,
      avg_gang_size = excluded.avg_gang_size, losses = excluded.losses, points_lost = excluded.points_lost,
      isk_lost = excluded.isk_lost, solo_losses = excluded.solo_losses, updated_at = now()`;
  return result.count;
}

/**
 * Recomputes, inside the caller's transaction, the totals of every entity and place of these stored killmails
 * (killmail revalue changed their values). Waits for a running refresh rather than racing it; before the first
 * full fill there is nothing to correct.
 */
export async function refreshTotalsOfKillmails(t: Sql, { killmails }: { killmails: { killmailId: number; killmailTime: Date }[] }) {
  if (!killmails.length) return 0;
  await t`select pg_advisory_xact_lock(${REFRESH_LOCK_ID})`;
  const [mark] = await t`select 1 from rollup_watermarks where name = ${WATERMARK}`;
  if (!mark) return 0;
  const ids = killmails.map((k) => k.killmailId);
  const times = killmails.map((k) => k.killmailTime.toISOString());
  await t`create temporary table touched on commit drop as
    with keys as (select * from unnest(${ids}::bigint[], ${times}::timestamptz[]) as x(killmail_id, killmail_time)),
      kills as (select k.* from keys join killmails k using (killmail_id, killmail_time))
    select distinct i.entity_kind, i.entity_id from keys
      join killmail_involvement i using (killmail_id, killmail_time)
    union select 'system', solar_system_id from kills
    union select 'constellation', constellation_id from kills where constellation_id is not null
    union select 'region', region_id from kills where region_id is not null`;
  return upsertTouchedTotals(t);
}

/**
 * One refresh of a rollup kept by watermark: under its advisory lock (null when another process holds it), `work`
 * gets the stored-since time to look back from (the last run's start minus the margin), or null for the first,
 * full fill; the watermark then moves to this run's start.
 */
export async function refreshSinceWatermark<T>({ sql, lockId, watermark, work }: {
  sql: Sql; lockId: number; watermark: string; work: (t: Sql, since: Date | null) => Promise<T>;
}): Promise<T | null> {
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const [lock] = await t<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${lockId}) as locked`;
    if (!lock?.locked) return null;
    const [mark] = await t<{ storedThrough: Date }[]>`select stored_through from rollup_watermarks where name = ${watermark}`;
    const result = await work(t, mark ? new Date(mark.storedThrough.getTime() - STORE_TRANSACTION_MARGIN_MS) : null);
    await t`insert into rollup_watermarks (name, stored_through) values (${watermark}, now())
      on conflict (name) do update set stored_through = excluded.stored_through`;
    return result;
  }) as Promise<T | null>;
}

export function createTotalsRepository({ sql }: { sql: Sql }) {
  return {
    /** Null when another process holds the refresh; else how many entities it wrote and whether it was the full fill. */
    refreshEntityTotals: () => refreshSinceWatermark({ sql, lockId: REFRESH_LOCK_ID, watermark: WATERMARK, async work(t, since) {
      if (since) return { entities: await upsertTouched(t, since), full: false };
      await t`delete from entity_totals`;
      return { entities: (await t`insert into entity_totals (${t(COLUMNS)}) ${allTotals(t, false)}`).count, full: true };
    } }),
  };
}
