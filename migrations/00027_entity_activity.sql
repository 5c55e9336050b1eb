-- The activity heatmap of the scopes whose top lists are kept (every place, busy parties: entity_tops_kept), by
-- UTC month: `cells` holds 168 kill counts, weekday (0 = Sunday) × 24 + hour. A busy region's year is hundreds of
-- thousands of kills, too many to count on every first visit; its heatmap reads 13 rows instead. The entity_tops
-- refresh counts it (stats.activity.repository.ts), so a kill is added once, with the lists. Months older than
-- the heatmap's window are deleted by the same refresh.
create table entity_activity (
  entity_kind text not null,
  entity_id bigint not null,
  month date not null,
  cells integer[] not null check (cardinality(cells) = 168),
  primary key (entity_kind, entity_id, month)
);

-- The next entity_tops refresh is a full fill, which counts the heatmaps of the months already stored.
delete from rollup_watermarks where name = 'entity_tops';
