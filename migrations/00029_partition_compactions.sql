-- Partitions of closed months whose indexes the `compact` cron job rebuilt (killmail.compaction.repository.ts), so
-- each is rebuilt once. A month's kills arrive in time order but their entity keys at random, which leaves the
-- involvement and item B-trees' pages split half-empty while the month is open.
create table partition_compactions (
  partition_name text primary key,
  compacted_at timestamptz not null default now(),
  bytes_before bigint not null,
  bytes_after bigint not null
);
