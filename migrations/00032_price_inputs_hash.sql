-- Price inputs keyed by a 16-byte hash of their canonical text instead of the jsonb itself (issue 17: storage).
-- The jsonb unique index held every ~200-byte value a second time: ~370 bytes an inputs against the hash's ~75
-- (56,327 real inputs: 21 MB against 4 MB); inserts took about as long either way. jsonb prints a value's keys
-- sorted, so inputs stored from JSON.stringify (which never writes 1.0 for 1) hash alike exactly when they are
-- equal; look-ups compare the value too.
create unique index price_inputs_hash_idx on price_inputs ((md5(inputs::text)::uuid));
alter table price_inputs drop constraint price_inputs_inputs_key;
