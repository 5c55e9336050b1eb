-- All-time top lists of entity pages (ships used, ships lost, opponent corporations, systems) as counts kept
-- incrementally by the cron rollups job: a full history aggregate per page visit costs seconds on a busy entity.
-- `list`: 1 ships used, 2 ships lost, 3 opponent corporations, 4 systems (stats.tops.repository.ts).
create table entity_tops (
  entity_kind text not null,
  entity_id bigint not null,
  list smallint not null,
  key_id bigint not null,
  count integer not null,
  primary key (entity_kind, entity_id, list, key_id)
);

-- The killmails of the rollup's look-back window already counted: a killmail is in two windows in a row, and
-- counting it twice would double it. Rows older than the window are pruned by the same job.
create table entity_tops_counted (
  killmail_id bigint primary key,
  stored_at timestamptz not null
);

-- Never written: a character's security status is read from its latest kill as an attacker (names.repository.ts).
alter table entities drop column security_status;
