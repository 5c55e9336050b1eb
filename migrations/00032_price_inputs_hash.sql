-- Price inputs keyed by a 16-byte hash of their canonical text instead of the jsonb itself (issue 17: bulk store).
-- The jsonb unique index compared ~200-byte values field by field on every insert and look-up: storing 154,000
-- new inputs took 8.5 s of a 44 s bulk store of 20,000 killmails. jsonb prints a value's keys sorted, so inputs
-- stored from JSON.stringify (which never writes 1.0 for 1) hash alike exactly when they are equal; look-ups
-- compare the value too.
create unique index price_inputs_hash_idx on price_inputs ((md5(inputs::text)::uuid));
alter table price_inputs drop constraint price_inputs_inputs_key;
