-- The first rows of every all-time top list in entity_tops (stats.tops.repository.ts), ranked: a page reads its
-- five from here. A busy ship met 93,692 corporations at bench:scale's 3,000,000 killmails, and ordering all of
-- them by count on each first visit took 58 ms; these rows are a primary-key read. Counts only grow, so the
-- refresh keeps them exact from the rows it adds to and the head it had.
create table entity_tops_head (
  entity_kind text not null,
  entity_id bigint not null,
  list smallint not null,
  rank smallint not null,
  key_id bigint not null,
  count integer not null,
  primary key (entity_kind, entity_id, list, rank)
);

insert into entity_tops_head (entity_kind, entity_id, list, rank, key_id, count)
  select entity_kind, entity_id, list, rank, key_id, count from (
    select entity_kind, entity_id, list, key_id, count,
      row_number() over (partition by entity_kind, entity_id, list order by count desc, key_id) as rank
    from entity_tops) ranked
  where rank <= 10;
