-- Static game data (SDE). Loaded by `killboard sde load`; every table is upserted, never truncated,
-- so a load is safe on a live database.
create extension if not exists pg_trgm;

create table categories (
  category_id integer primary key,
  name text not null,
  published boolean not null default false
);

create table groups (
  group_id integer primary key,
  category_id integer not null,
  name text not null,
  published boolean not null default false
);
create index groups_category_idx on groups (category_id);

create table market_groups (
  market_group_id integer primary key,
  parent_id integer,
  name text not null,
  has_types boolean not null default false
);

create table meta_groups (
  meta_group_id integer primary key,
  name text not null
);

create table types (
  type_id integer primary key,
  group_id integer not null,
  category_id integer not null,
  name text not null,
  market_group_id integer,
  meta_group_id integer,
  published boolean not null default false,
  mass double precision,
  volume double precision,
  capacity double precision,
  base_price numeric,
  portion_size integer,
  race_id integer,
  faction_id integer,
  variation_parent_type_id integer
);
create index types_group_idx on types (group_id);
create index types_name_trgm_idx on types using gin (lower(name) gin_trgm_ops);

create table item_flags (
  flag_id integer primary key,
  name text not null,
  text text not null
);

create table factions (
  faction_id integer primary key,
  name text not null,
  corporation_id integer,
  militia_corporation_id integer,
  solar_system_id integer
);

create table npc_corporations (
  corporation_id integer primary key,
  name text not null,
  ticker text,
  faction_id integer
);

create table regions (
  region_id integer primary key,
  name text not null,
  faction_id integer,
  wormhole_class_id integer
);
create index regions_name_trgm_idx on regions using gin (lower(name) gin_trgm_ops);

create table constellations (
  constellation_id integer primary key,
  region_id integer not null,
  name text not null
);
create index constellations_name_trgm_idx on constellations using gin (lower(name) gin_trgm_ops);

create table solar_systems (
  solar_system_id integer primary key,
  constellation_id integer not null,
  region_id integer not null,
  name text not null,
  security double precision not null,
  security_class text,
  wormhole_class_id integer
);
create index solar_systems_region_idx on solar_systems (region_id);
create index solar_systems_name_trgm_idx on solar_systems using gin (lower(name) gin_trgm_ops);

create table stations (
  station_id bigint primary key,
  solar_system_id integer not null,
  type_id integer,
  corporation_id integer,
  name text not null
);
