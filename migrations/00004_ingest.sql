-- Ingestion state that must survive restarts.
-- feed_cursors: the last feed position whose entry was handed off (enqueued); a listener resumes right after it,
-- so the cursor never points past an entry that was not handed off.
create table feed_cursors (
  feed text primary key,
  cursor text not null,
  updated_at timestamptz not null default now()
);

-- backfill_days: one row per (source, UTC day); `completed_at` is set only after every killmail of the day was
-- handed off (queued or stored), so an interrupted backfill redoes at most the day it was in.
create table backfill_days (
  source text not null,
  day date not null,
  listed integer not null default 0,
  handed_off integer not null default 0,
  already_stored integer not null default 0,
  completed_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (source, day)
);

-- ingest_outcomes: counters per UTC day of processing, source and outcome (stored, duplicate, rejected, failed),
-- for `debug check-data`; a rejected record keeps a sample reason.
create table ingest_outcomes (
  day date not null,
  source text not null,
  outcome text not null,
  count bigint not null default 0,
  last_reason text,
  primary key (day, source, outcome)
);
