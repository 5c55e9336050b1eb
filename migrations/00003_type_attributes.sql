-- Dogma attributes of types, only those the points model reads (metaLevel 633, heatDamage 1211, rigSize 1547),
-- loaded by `killboard sde load` from data/sde/type_attributes.jsonl.gz (scripts/build-dogma.ts).
create table type_attributes (
  type_id integer not null,
  attribute_id integer not null,
  value double precision not null,
  primary key (type_id, attribute_id)
);
