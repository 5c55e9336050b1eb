-- One row per cron job per period it ran for. The unique (job, period) is what makes a period run once however
-- many cron processes are up: each inserts the row, one wins. `period` is the scheduled time (ISO 8601, UTC) or
-- `manual:<time>` for `killboard cron run`.
create table cron_runs (
  id bigserial primary key,
  job text not null,
  period text not null,
  instance text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  outcome text not null default 'running' check (outcome in ('running', 'succeeded', 'failed', 'skipped', 'abandoned')),
  counts jsonb not null default '{}',
  error text,
  unique (job, period)
);
create index cron_runs_recent_idx on cron_runs (job, started_at desc);
