-- entity_totals gains the victim side, solo counts and gang size, and covers every page kind (factions,
-- ship groups, constellations, regions), so an entity page's all-time summary is one row instead of an
-- aggregate over every killmail of a busy region. Same refresh as before (concurrently, in the background).
drop materialized view entity_totals;
create materialized view entity_totals as
  select i.entity_kind, i.entity_id,
    count(*) filter (where not i.is_victim)::bigint as kills,
    coalesce(sum(k.points) filter (where not i.is_victim), 0)::bigint as points,
    coalesce(sum(k.total_value) filter (where not i.is_victim), 0)::float8 as isk_destroyed,
    count(*) filter (where not i.is_victim and k.solo)::bigint as solo_kills,
    coalesce(avg(k.attacker_count) filter (where not i.is_victim), 0)::float8 as avg_gang_size,
    count(*) filter (where i.is_victim)::bigint as losses,
    coalesce(sum(k.points) filter (where i.is_victim), 0)::bigint as points_lost,
    coalesce(sum(k.total_value) filter (where i.is_victim), 0)::float8 as isk_lost,
    count(*) filter (where i.is_victim and k.solo)::bigint as solo_losses
  from killmail_involvement i
  join killmails k on k.killmail_id = i.killmail_id and k.killmail_time = i.killmail_time
  group by 1, 2
  union all
  select kind, id, count(*), sum(points), sum(total_value), count(*) filter (where solo), avg(attacker_count), 0, 0, 0, 0
  from killmails k
  cross join lateral (values ('system', k.solar_system_id), ('constellation', k.constellation_id), ('region', k.region_id)) as place(kind, id)
  where id is not null
  group by 1, 2;
create unique index entity_totals_key on entity_totals (entity_kind, entity_id);
create index entity_totals_kills_idx on entity_totals (entity_kind, kills desc);
create index entity_totals_points_idx on entity_totals (entity_kind, points desc);
create index entity_totals_isk_idx on entity_totals (entity_kind, isk_destroyed desc);
