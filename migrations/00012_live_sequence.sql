-- The live sequence: every stored killmail gets the next number of one dense, gap-free sequence, in the
-- transaction that stores it. A sequence object would leave holes on rollback, so the head is a row whose update
-- rolls back with the transaction; its row lock also serialises the assigners, so sequence order is commit order
-- and a reader that sees number n knows every number below n is committed. Clients resume from it.
create table live_sequence_head (
  singleton boolean primary key default true check (singleton),
  last bigint not null
);

create table killmail_sequence (
  sequence bigint primary key,
  killmail_id bigint not null unique,
  killmail_time timestamptz not null,
  stored_at timestamptz not null
);
create index killmail_sequence_stored_at_idx on killmail_sequence (stored_at);

-- Killmails stored before this migration are numbered in the order they were stored.
insert into killmail_sequence (sequence, killmail_id, killmail_time, stored_at)
  select row_number() over (order by stored_at, killmail_id), killmail_id, killmail_time, stored_at from killmails;
insert into live_sequence_head (last) select coalesce(max(sequence), 0) from killmail_sequence;
