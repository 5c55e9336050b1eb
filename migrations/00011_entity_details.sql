-- Corporation and alliance details for their pages, from ESI GET /corporations/{id}/ and /alliances/{id}/.
-- Enrichment fetches them for player corporations and alliances whose `details_updated_at` is missing or a week
-- old, apart from names and affiliations (one request per entity, so bounded per sweep). `faction_id` (00002)
-- takes ESI's faction of either kind. An alliance's member count is not in its ESI answer: pages sum the
-- member counts of its corporations, through the partial index below.
alter table entities
  add column member_count integer,
  add column ceo_id bigint,
  add column creator_id bigint,
  add column executor_corporation_id bigint,
  add column date_founded timestamptz,
  add column details_updated_at timestamptz;

create index entities_details_due_idx on entities (details_updated_at nulls first, entity_id)
  where entity_kind in ('corporation', 'alliance');
create index entities_alliance_corporations_idx on entities (alliance_id) where entity_kind = 'corporation';
