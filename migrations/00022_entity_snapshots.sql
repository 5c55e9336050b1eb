-- One row per corporation or alliance and UTC day, written by the cron `snapshots` job (an upsert, so the day's
-- last run leaves its row): members (an alliance's is the sum of its corporations'), an alliance's corporation
-- count, and the all-time totals from entity_totals as they stood. Pages show deltas against 7 and 30 days back.
create table entity_snapshots (
  entity_kind text not null check (entity_kind in ('corporation', 'alliance')),
  entity_id bigint not null,
  day date not null,
  member_count integer,
  corporation_count integer,
  kills bigint not null,
  losses bigint not null,
  isk_destroyed float8 not null,
  isk_lost float8 not null,
  primary key (entity_kind, entity_id, day)
);
