-- All-time totals per attacker entity (and per system) for the all-time top lists: aggregating every
-- killmail on each request does not scale past a few hundred thousand killmails. Refreshed concurrently by
-- `refreshEntityTotals` (src/stats), so readers never wait; the weekly lists stay live queries.
create materialized view entity_totals as
  select i.entity_kind, i.entity_id, count(*)::bigint as kills, sum(k.points)::bigint as points,
    sum(k.total_value)::float8 as isk_destroyed
  from killmail_involvement i
  join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time
  where not i.is_victim and i.entity_kind in ('character', 'corporation', 'alliance', 'ship')
  group by 1, 2
  union all
  select 'system', solar_system_id, count(*)::bigint, sum(points)::bigint, sum(total_value)::float8
  from killmails group by 2;
create unique index entity_totals_key on entity_totals (entity_kind, entity_id);
create index entity_totals_kills_idx on entity_totals (entity_kind, kills desc);
create index entity_totals_points_idx on entity_totals (entity_kind, points desc);
create index entity_totals_isk_idx on entity_totals (entity_kind, isk_destroyed desc);
