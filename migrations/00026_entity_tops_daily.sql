-- The entity pages' week top lists, counted by UTC day for the last 8 days (stats.tops.repository.ts) for the
-- scopes whose all-time lists are kept: a busy ship, system or alliance has tens of thousands of kills a week,
-- too many to aggregate on every first visit. Older days are deleted by the same refresh.
create table entity_tops_daily (
  entity_kind text not null,
  entity_id bigint not null,
  list smallint not null,
  day date not null,
  key_id bigint not null,
  count integer not null,
  primary key (entity_kind, entity_id, list, day, key_id)
);
create index entity_tops_daily_day_idx on entity_tops_daily (day);

-- The next refresh is a full fill, which counts the recent days too (an incremental one adds only new kills).
delete from rollup_watermarks where name = 'entity_tops';
