-- /battles/?system= and ?region= (and the API's filters) match a battle by any of its systems: without this index a
-- rare system's battles are found by reading every battle newest first.
create index battles_systems_idx on battles using gin (solar_system_ids);
