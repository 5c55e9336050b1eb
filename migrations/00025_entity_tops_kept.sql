-- Parties (pilots, corporations, alliances, factions, ships, groups) whose all-time top lists entity_tops keeps:
-- those with enough kills and losses (TOPS_KEPT_FROM in stats.tops.repository.ts). A party below that has few
-- kills, and its lists (a row per opponent, ship and system) made up most of entity_tops while costing little to
-- aggregate on a visit. Places are always kept. Every party listed so far has complete lists, so it starts as
-- kept; the full fill that migration 00026 asks for applies the threshold.
create table entity_tops_kept (
  entity_kind text not null,
  entity_id bigint not null,
  primary key (entity_kind, entity_id)
);

insert into entity_tops_kept (entity_kind, entity_id)
  select distinct entity_kind, entity_id from entity_tops where entity_kind not in ('system', 'constellation', 'region');
