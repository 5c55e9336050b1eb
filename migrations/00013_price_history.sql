-- Prices as zKillboard values items (classes/Price.php): daily market history per region and type, ranked above
-- ESI /markets/prices/ snapshots, with operator overrides on top. History is looked up by (type, region, day)
-- ranges, which the primary key serves over any number of years; rows are never updated in place except by a
-- re-import of the same day.
create table price_history (
  type_id integer not null,
  region_id integer not null,
  day date not null,
  average double precision not null check (average >= 0),
  highest double precision,
  lowest double precision,
  volume bigint,
  order_count bigint,
  -- 'esi' | 'everef' | 'bundled' (real data shipped with the build) | 'emulated' (generated, never market data)
  source text not null check (source in ('esi', 'everef', 'bundled', 'emulated')),
  fetched_at timestamptz not null default now(),
  primary key (type_id, region_id, day)
);

-- One ESI /markets/prices/ capture per type and day: CCP's own averages, a lower-ranked source than history.
create table price_snapshots (
  type_id integer not null,
  day date not null,
  average_price double precision check (average_price >= 0),
  adjusted_price double precision check (adjusted_price >= 0),
  source text not null check (source in ('esi', 'bundled', 'emulated')),
  fetched_at timestamptz not null default now(),
  primary key (type_id, day)
);

-- `killboard prices set`: an operator's price for a type over an optional day range; the latest set wins.
create table price_overrides (
  override_id bigserial primary key,
  type_id integer not null,
  from_day date,
  to_day date,
  price double precision not null check (price >= 0),
  note text,
  set_at timestamptz not null default now(),
  check (from_day is null or to_day is null or from_day <= to_day)
);
create index price_overrides_type_idx on price_overrides (type_id, set_at desc);

-- `prices fetch esi` resumes where it stopped: a (region, type) fetched on a day is not fetched again that day.
create table price_fetches (
  region_id integer not null,
  type_id integer not null,
  fetched_on date not null,
  rows integer not null,
  primary key (region_id, type_id)
);

-- `killmail revalue` resumes from its cursor after a stop; a finished run deletes its row.
create table revalue_cursors (
  run_key text primary key,
  killmail_time timestamptz not null,
  killmail_id bigint not null,
  updated_at timestamptz not null default now()
);

-- What a stored unit price was computed from (history window, build recipe, fixed rule), for "why this value".
alter table killmail_items add column if not exists price_inputs jsonb;
-- The hull's price, written with the total it is part of, so "why this value" reads it instead of pricing it
-- again. Null on kills stored before this migration until `killmail revalue` writes it.
alter table killmails add column if not exists hull_unit_price double precision,
  add column if not exists hull_price_source text,
  add column if not exists hull_price_inputs jsonb;

-- `prices import everef` resumes where it stopped: a day file of a region imported completely is not read again.
create table everef_imports (
  region_id integer not null,
  day date not null,
  rows integer not null,
  imported_at timestamptz not null default now(),
  primary key (region_id, day)
);

-- The old single `prices` table: its market rows become history, its ESI averages snapshots, and an operator's
-- custom rows overrides. The bundle's own custom rows (dated 2003-05-06) were fixed hull prices, now zKillboard's
-- fixed-price table in code, so they are not carried over.
insert into price_history (type_id, region_id, day, average, source)
  select type_id, 10000002, price_date, price, 'bundled' from prices where source = 'market_history'
  on conflict do nothing;
insert into price_snapshots (type_id, day, average_price, source)
  select type_id, price_date, price, 'bundled' from prices where source = 'esi_average'
  on conflict do nothing;
insert into price_overrides (type_id, price, note)
  select type_id, price, 'carried over from the prices table' from prices
  where source = 'custom' and price_date <> date '2003-05-06';
drop table prices;
