-- Storage per killmail (issue 17). Two things made up most of it:
-- 1. Every item row carried its price's inputs as jsonb (~190 bytes), though every item of a type valued from
--    the same data on the same day carries the same inputs: they move to price_inputs, stored once each, and
--    items and killmails (the hull) point at them.
-- 2. The child tables' primary keys: killmail_ids already guarantees a killmail is stored once (its children
--    are written in the same transaction), so the keys only located a killmail's rows, and a wide unique entry
--    per row did that at ~50–100 bytes a row. A plain index on killmail_id does it too: btree deduplication
--    keeps one key per killmail and a few bytes per row. Reads still prune partitions on killmail_time.
--    Involvement's also holds kind and side (still deduplicated: a kill has a few of each), so "the corporations
--    on the other side of this kill" reads those rows alone, not every row of a thousand-pilot fight.
create table price_inputs (
  price_inputs_id integer generated always as identity primary key,
  inputs jsonb not null unique
);

insert into price_inputs (inputs)
  select inputs from (select price_inputs as inputs from killmail_items union select hull_price_inputs from killmails) x
  where inputs is not null;

alter table killmail_items add column price_inputs_id integer;
update killmail_items i set price_inputs_id = p.price_inputs_id, price_inputs = null
  from price_inputs p where p.inputs = i.price_inputs;
alter table killmail_items drop column price_inputs;

alter table killmails add column hull_price_inputs_id integer;
update killmails k set hull_price_inputs_id = p.price_inputs_id, hull_price_inputs = null
  from price_inputs p where p.inputs = k.hull_price_inputs;
alter table killmails drop column hull_price_inputs;

alter table killmail_attackers drop constraint killmail_attackers_pkey;
alter table killmail_items drop constraint killmail_items_pkey;
alter table killmail_involvement drop constraint killmail_involvement_pkey;
create index killmail_attackers_killmail_idx on killmail_attackers (killmail_id);
create index killmail_items_killmail_idx on killmail_items (killmail_id);
create index killmail_involvement_killmail_idx on killmail_involvement (killmail_id, entity_kind, is_victim);
