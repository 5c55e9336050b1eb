/**
 * entity_monthly and entity_yearly (migration 00021) are sums of entity_daily, never counted from killmails: a month
 * equals the sum of its days by construction, a year the sum of its months, and rebuilding one from the rows below
 * corrects whatever it held before.
 */
import type { Sql } from "../db/db.client.ts";

const COLUMNS = ["kills", "losses", "isk_destroyed", "isk_lost", "points", "points_lost", "solo_kills", "solo_losses"];

const sums = (t: Sql, alias: string) => COLUMNS.map((column) => t`sum(${t(alias)}.${t(column)})`)
  .reduce((list, sum) => t`${list}, ${sum}`);

/** Replaces the months in `touched_months` by the sums of their days, then their years by the sums of their months. */
async function rebuildListedMonths(t: Sql) {
  await t`analyze touched_months`;
  await t`delete from entity_monthly m using touched_months x
    where m.entity_kind = x.entity_kind and m.entity_id = x.entity_id and m.month = x.month`;
  const months = await t`insert into entity_monthly (${t(["entity_kind", "entity_id", "month", ...COLUMNS])})
    select x.entity_kind, x.entity_id, x.month, ${sums(t, "d")} from touched_months x
    join entity_daily d on d.entity_kind = x.entity_kind and d.entity_id = x.entity_id
      and d.day >= x.month and d.day < (x.month + interval '1 month')::date
    group by 1, 2, 3`;
  await t`create temporary table touched_years on commit drop as
    select distinct entity_kind, entity_id, extract(year from month)::int as year from touched_months`;
  await t`delete from entity_yearly y using touched_years x
    where y.entity_kind = x.entity_kind and y.entity_id = x.entity_id and y.year = x.year`;
  const years = await t`insert into entity_yearly (${t(["entity_kind", "entity_id", "year", ...COLUMNS])})
    select x.entity_kind, x.entity_id, x.year, ${sums(t, "m")} from touched_years x
    join entity_monthly m on m.entity_kind = x.entity_kind and m.entity_id = x.entity_id
      and m.month >= make_date(x.year, 1, 1) and m.month < make_date(x.year + 1, 1, 1)
    group by 1, 2, 3`;
  return { months: months.count, years: years.count };
}

/** The months and years of the pairs in `touched_days` (history.daily.repository.ts). */
export async function rebuildTouchedPeriods(t: Sql) {
  await t`create temporary table touched_months on commit drop as
    select distinct entity_kind, entity_id, date_trunc('month', day::timestamp)::date as month from touched_days`;
  return rebuildListedMonths(t);
}

/** Every month from the one `since` falls in, whole: those with days and those whose days are gone. */
export async function rebuildPeriodsSince(t: Sql, { since }: { since: Date }) {
  const first = t`date_trunc('month', ${since}::timestamptz at time zone 'UTC')::date`;
  await t`create temporary table touched_months on commit drop as
    select entity_kind, entity_id, date_trunc('month', day::timestamp)::date as month from entity_daily where day >= ${first}
    union select entity_kind, entity_id, month from entity_monthly where month >= ${first}`;
  return rebuildListedMonths(t);
}

/** The first fill: every month and year from the days. */
export async function rebuildAllPeriods(t: Sql) {
  await t`delete from entity_monthly`;
  await t`delete from entity_yearly`;
  const months = await t`insert into entity_monthly (${t(["entity_kind", "entity_id", "month", ...COLUMNS])})
    select d.entity_kind, d.entity_id, date_trunc('month', d.day::timestamp)::date, ${sums(t, "d")} from entity_daily d group by 1, 2, 3`;
  const years = await t`insert into entity_yearly (${t(["entity_kind", "entity_id", "year", ...COLUMNS])})
    select m.entity_kind, m.entity_id, extract(year from m.month)::int, ${sums(t, "m")} from entity_monthly m group by 1, 2, 3`;
  return { months: months.count, years: years.count };
}
