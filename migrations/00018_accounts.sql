-- Accounts: pilots log in with EVE SSO; the board keeps each character's refresh token (AES-256-GCM, never in
-- clear) to fetch the killmails only that character or its corporation can see (accounts.sync.ts).
create table accounts (
  account_id bigserial primary key,
  created_at timestamptz not null default now()
);

-- A session is the SHA-256 of a random id the browser holds in a signed cookie: a leaked table opens no session.
create table account_sessions (
  session_hash bytea primary key,
  account_id bigint not null references accounts on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index account_sessions_account_idx on account_sessions (account_id);

-- A login in progress: the SSO `state` (hashed) with its PKCE verifier, used once by /auth/callback.
create table sso_logins (
  state_hash bytea primary key,
  code_verifier text not null,
  account_id bigint references accounts on delete cascade,
  expires_at timestamptz not null
);

create table account_characters (
  character_id bigint primary key,
  account_id bigint not null references accounts on delete cascade,
  character_name text not null,
  owner_hash text not null,
  scopes text[] not null,
  refresh_token bytea not null,
  token_key_id text not null,
  delay_minutes integer not null default 0 check (delay_minutes in (0, 60, 180, 480, 1440, 4320)),
  -- 'ok', or 'login' when SSO refused the refresh token (revoked, or the character changed hands).
  status text not null default 'ok' check (status in ('ok', 'login')),
  status_reason text,
  character_etag text,
  corporation_etag text,
  corporation_sync text,
  last_sync_at timestamptz,
  last_sync_result text,
  next_sync_at timestamptz not null,
  added_at timestamptz not null
);
create index account_characters_account_idx on account_characters (account_id);
create index account_characters_due_idx on account_characters (next_sync_at) where status = 'ok';

-- Kills found through SSO, held until their release time (the character's delay): nothing of them reaches
-- killmails, and so no page, API, feed, stat or search, before the release enqueues them like a new kill.
create table sso_killmails (
  killmail_id bigint primary key,
  hash text not null,
  character_id bigint not null,
  found_at timestamptz not null,
  release_at timestamptz not null,
  -- Times its job failed after release (retried each sweep up to a bound, then shown on the account page).
  attempts integer not null default 0,
  last_error text
);
create index sso_killmails_release_idx on sso_killmails (release_at);
