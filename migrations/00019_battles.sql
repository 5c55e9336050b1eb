-- Battles found by the cron `battles` job over stored kills (src/battles/): a battle keeps its id as late kills
-- make it grow, and a kill belongs to at most one battle (battle_kills' key), so two detections of one fight merge.

-- Stargate neighbours per solar system (SDE bundle, data/sde/system_links.jsonl.gz): fights in adjacent systems
-- within the same window are one battle.
create table system_links (
  solar_system_id integer primary key,
  linked_system_ids integer[] not null
);

create table battles (
  battle_id bigserial primary key,
  started_at timestamptz not null,
  ended_at timestamptz not null,
  solar_system_ids integer[] not null,
  kill_count integer not null,
  isk_destroyed float8 not null,
  pilot_count integer not null,
  -- {"left": ["alliance:1", ...], "right": [...]}: the sides as detection inferred them, party keys kind:id.
  sides jsonb not null,
  detected_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index battles_recent_idx on battles (ended_at desc, battle_id desc);
create index battles_started_idx on battles (started_at);

create table battle_kills (
  killmail_id bigint primary key,
  killmail_time timestamptz not null,
  battle_id bigint not null references battles on delete cascade
);
create index battle_kills_battle_idx on battle_kills (battle_id, killmail_time);

-- A saved battle report (/br/<id>/): its kills and its sides as chosen when saved, so it reads the same later
-- however detection or the battle change. `source` says where the kills came from (a battle or /related/).
create table battle_reports (
  report_id bigserial primary key,
  source jsonb not null,
  killmail_ids bigint[] not null,
  left_parties text[] not null,
  right_parties text[] not null,
  created_at timestamptz not null default now()
);
