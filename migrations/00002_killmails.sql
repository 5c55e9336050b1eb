-- Killmails and everything derived from them. The big tables are partitioned by month of killmail_time
-- (sized for 100M+ killmails); `ensure_killmail_partitions` creates a month on demand, for any year.
-- A partitioned table cannot enforce a unique killmail_id on its own, so `killmail_ids` is the global
-- exactly-once guard and the locator of a killmail's partition.

create table killmail_ids (
  killmail_id bigint primary key,
  killmail_time timestamptz not null
);

create table killmails (
  killmail_id bigint not null,
  killmail_time timestamptz not null,
  hash text,
  solar_system_id integer not null,
  constellation_id integer,
  region_id integer,
  security double precision,
  space_class text not null,
  location_id bigint,
  moon_id bigint,
  war_id bigint,
  victim_character_id bigint,
  victim_corporation_id bigint,
  victim_alliance_id bigint,
  victim_faction_id bigint,
  victim_ship_type_id integer not null,
  victim_ship_group_id integer,
  victim_ship_category_id integer,
  victim_damage_taken bigint not null,
  final_blow_character_id bigint,
  final_blow_corporation_id bigint,
  final_blow_alliance_id bigint,
  final_blow_ship_type_id integer,
  attacker_count integer not null,
  fitted_value double precision not null,
  dropped_value double precision not null,
  destroyed_value double precision not null,
  total_value double precision not null,
  points integer not null,
  npc boolean not null,
  solo boolean not null,
  awox boolean not null,
  labels text[] not null,
  source text not null,
  first_seen_at timestamptz not null,
  stored_at timestamptz not null default now(),
  ingest_latency_ms integer,
  esi jsonb not null,
  upstream_zkb jsonb,
  primary key (killmail_id, killmail_time)
) partition by range (killmail_time);
create index killmails_time_idx on killmails (killmail_time desc, killmail_id desc);
create index killmails_value_idx on killmails (total_value desc);
create index killmails_system_idx on killmails (solar_system_id, killmail_time desc);
create index killmails_region_idx on killmails (region_id, killmail_time desc);
create index killmails_labels_idx on killmails using gin (labels);

create table killmail_attackers (
  killmail_id bigint not null,
  killmail_time timestamptz not null,
  attacker_index integer not null,
  character_id bigint,
  corporation_id bigint,
  alliance_id bigint,
  faction_id bigint,
  ship_type_id integer,
  ship_group_id integer,
  weapon_type_id integer,
  damage_done bigint not null,
  damage_share double precision not null,
  final_blow boolean not null,
  security_status double precision not null,
  primary key (killmail_id, killmail_time, attacker_index)
) partition by range (killmail_time);

create table killmail_items (
  killmail_id bigint not null,
  killmail_time timestamptz not null,
  item_index integer not null,
  parent_index integer,
  type_id integer not null,
  flag integer not null,
  slot text not null,
  singleton integer not null,
  quantity_dropped bigint not null,
  quantity_destroyed bigint not null,
  unit_price double precision not null,
  price_source text not null,
  primary key (killmail_id, killmail_time, item_index)
) partition by range (killmail_time);

-- One row per entity on either side, so "kills of X" finds X however minor its part was.
create table killmail_involvement (
  killmail_id bigint not null,
  killmail_time timestamptz not null,
  entity_kind text not null,
  entity_id bigint not null,
  is_victim boolean not null,
  is_final_blow boolean not null,
  primary key (killmail_id, killmail_time, entity_kind, entity_id, is_victim)
) partition by range (killmail_time);
create index killmail_involvement_entity_idx
  on killmail_involvement (entity_kind, entity_id, is_victim, killmail_time desc, killmail_id desc);

create function ensure_killmail_partitions(month date) returns void
language plpgsql as $$
declare
  start_date date := date_trunc('month', month)::date;
  suffix text := to_char(start_date, 'YYYYMM');
  parent text;
begin
  if to_regclass('killmail_involvement_' || suffix) is not null then
    return;
  end if;
  -- Serialises concurrent creators of the same month; the loser then finds the tables in place.
  perform pg_advisory_xact_lock(hashtext('killmail_partitions_' || suffix));
  foreach parent in array array['killmails', 'killmail_attackers', 'killmail_items', 'killmail_involvement'] loop
    execute format(
      'create table if not exists %I partition of %I for values from (%L) to (%L)',
      parent || '_' || suffix, parent, start_date, (start_date + interval '1 month')::date
    );
  end loop;
end $$;

-- Characters, corporations and alliances seen on killmails; names and affiliations are filled by enrichment.
create table entities (
  entity_kind text not null check (entity_kind in ('character', 'corporation', 'alliance')),
  entity_id bigint not null,
  name text,
  ticker text,
  corporation_id bigint,
  alliance_id bigint,
  faction_id bigint,
  security_status double precision,
  emulated boolean not null default false,
  first_seen_at timestamptz not null default now(),
  updated_at timestamptz,
  primary key (entity_kind, entity_id)
);
create index entities_name_trgm_idx on entities using gin (lower(name) gin_trgm_ops);
create index entities_stale_idx on entities (updated_at nulls first);

-- Unit prices by type and day, each with its source, so every value can be explained line by line.
create table prices (
  type_id integer not null,
  price_date date not null,
  source text not null,
  price double precision not null check (price >= 0),
  primary key (type_id, source, price_date)
);
