-- Time-bucketed statistics: per entity (the scopes entity_totals keys on, places included) and UTC day, kept by
-- the cron rollups job, which recomputes the (entity, day) pairs of killmails stored since its last run, so a
-- rerun or an overlapping window rewrites a row with the same figures instead of adding to it. Months and years
-- are sums of the days, rebuilt for the months a refresh touched and, daily, for the recent ones whole.
-- A place (system, constellation, region) counts every killmail there as a kill, as its page does.
create table entity_daily (
  entity_kind text not null,
  entity_id bigint not null,
  day date not null,
  kills integer not null,
  losses integer not null,
  isk_destroyed float8 not null,
  isk_lost float8 not null,
  points bigint not null,
  points_lost bigint not null,
  solo_kills integer not null,
  solo_losses integer not null,
  primary key (entity_kind, entity_id, day)
);

-- `month` is the first day of the month.
create table entity_monthly (
  entity_kind text not null,
  entity_id bigint not null,
  month date not null,
  kills integer not null,
  losses integer not null,
  isk_destroyed float8 not null,
  isk_lost float8 not null,
  points bigint not null,
  points_lost bigint not null,
  solo_kills integer not null,
  solo_losses integer not null,
  primary key (entity_kind, entity_id, month)
);

create table entity_yearly (
  entity_kind text not null,
  entity_id bigint not null,
  year integer not null,
  kills bigint not null,
  losses bigint not null,
  isk_destroyed float8 not null,
  isk_lost float8 not null,
  points bigint not null,
  points_lost bigint not null,
  solo_kills bigint not null,
  solo_losses bigint not null,
  primary key (entity_kind, entity_id, year)
);
