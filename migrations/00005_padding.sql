-- zKillboard's padding rule compares a kill with the kills already known under the same key
-- (victim, final blow, ship, time bucket); the key is stored so that lookup is one index probe.
alter table killmails add column pad_hash text;
create index killmails_pad_hash_idx on killmails (pad_hash) where pad_hash is not null;
