-- Campaigns: a named, saved killmail filter (src/campaigns/campaigns.schemas.ts) with a public page at /campaign/<id>/.
-- The filter is never edited after creation: the ws role and the webhook dispatcher may keep a copy of it, and the
-- page, the API and the live feeds then can never disagree about what the campaign is.
create table campaigns (
  id bigserial primary key,
  name text not null,
  description text,
  filter jsonb not null,
  -- Null for campaigns made from the CLI; an account's campaigns outlive the account.
  created_by bigint references accounts (account_id) on delete set null,
  created_at timestamptz not null default now()
);
create index campaigns_created_by_idx on campaigns (created_by) where created_by is not null;
