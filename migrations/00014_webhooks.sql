-- Outbound webhooks. `after_sequence` is the live-sequence head when the webhook was added or last enabled: it is
-- sent only kills numbered after it, so a new or re-enabled webhook is never flooded with history. The delivery
-- log lives on the row (one webhook, one summary); the full history of each delivery is its BullMQ job.
create table webhooks (
  id bigserial primary key,
  name text,
  url text not null,
  format text not null check (format in ('discord', 'json')),
  filter jsonb not null default '{}',
  -- The HMAC key must be readable to sign with, so it is stored as given; `webhook list` only shows a mask.
  secret text,
  enabled boolean not null default true,
  after_sequence bigint not null,
  created_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  last_attempt_at timestamptz,
  consecutive_failures integer not null default 0,
  last_delivered_sequence bigint,
  last_delivered_at timestamptz,
  disabled_reason text,
  -- A 429 pauses the whole webhook, not just the one delivery: Discord's limit is per webhook, and requests sent
  -- into it only earn more 429s (and, in bulk, a ban of our address).
  rate_limited_until timestamptz
);

-- The dispatcher's cursor over the live sequence: every number up to `sequence` has had its deliveries enqueued.
create table webhook_dispatch (
  singleton boolean primary key default true check (singleton),
  sequence bigint not null
);
-- Start at the current head: kills stored before webhooks existed are not sent anywhere.
insert into webhook_dispatch (sequence) select last from live_sequence_head;
