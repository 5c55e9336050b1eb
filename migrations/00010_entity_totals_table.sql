-- entity_totals becomes a table kept up to date incrementally: each cron `rollups` run recomputes only the
-- entities (and places) of killmails stored since its last run, found through killmails.stored_at. The figures
-- are the same aggregate as before (migration 00008); the first run after this migration fills it whole.
create table entity_totals_table (
  entity_kind text not null,
  entity_id bigint not null,
  kills bigint not null,
  points bigint not null,
  isk_destroyed float8 not null,
  solo_kills bigint not null,
  avg_gang_size float8 not null,
  losses bigint not null,
  points_lost bigint not null,
  isk_lost float8 not null,
  solo_losses bigint not null,
  updated_at timestamptz not null default now(),
  primary key (entity_kind, entity_id)
);
insert into entity_totals_table (entity_kind, entity_id, kills, points, isk_destroyed, solo_kills, avg_gang_size, losses, points_lost, isk_lost, solo_losses)
  select entity_kind, entity_id, kills, points, isk_destroyed, solo_kills, avg_gang_size, losses, points_lost, isk_lost, solo_losses from entity_totals;
drop materialized view entity_totals;
alter table entity_totals_table rename to entity_totals;
alter index entity_totals_table_pkey rename to entity_totals_pkey;
create index entity_totals_kills_idx on entity_totals (entity_kind, kills desc);
create index entity_totals_points_idx on entity_totals (entity_kind, points desc);
create index entity_totals_isk_idx on entity_totals (entity_kind, isk_destroyed desc);

-- Where the incremental rollup left off: killmails stored after this (minus a margin for transactions still open
-- at the time) are the ones whose entities it recomputes next.
create table rollup_watermarks (
  name text primary key,
  stored_through timestamptz not null
);
-- An indexed probe per monthly partition: "stored since" is the rollup's only question of this column.
create index killmails_stored_at_idx on killmails (stored_at);
