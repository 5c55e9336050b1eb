-- Read paths of the web pages that no earlier index serves: constellation pages list killmails by
-- constellation, newest first (system and region pages already have theirs).
create index killmails_constellation_idx on killmails (constellation_id, killmail_time desc);
