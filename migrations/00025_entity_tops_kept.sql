-- Parties (pilots, corporations, alliances, factions, ships, groups) whose all-time top lists entity_tops keeps:
-- those with 100 kills and losses or more (stats.tops.repository.ts). A party below that has a handful of kills,
-- and its lists (a row per opponent, ship and system) made up most of entity_tops while costing little to
-- aggregate on a visit. Places are always kept. Lists of the parties below the threshold are dropped here; a party
-- that reaches it later is counted whole when a refresh promotes it.
create table entity_tops_kept (
  entity_kind text not null,
  entity_id bigint not null,
  primary key (entity_kind, entity_id)
);

delete from entity_tops t
  where t.entity_kind not in ('system', 'constellation', 'region')
    and not exists (select 1 from entity_totals s where s.entity_kind = t.entity_kind and s.entity_id = t.entity_id and s.kills + s.losses >= 100);
insert into entity_tops_kept (entity_kind, entity_id)
  select distinct entity_kind, entity_id from entity_tops where entity_kind not in ('system', 'constellation', 'region');
