// A compiled binary cannot list directories: every migration is imported here, in order.
import m00001 from "./00001_sde.sql" with { type: "text" };
import m00002 from "./00002_killmails.sql" with { type: "text" };
import m00003 from "./00003_type_attributes.sql" with { type: "text" };
import m00004 from "./00004_ingest.sql" with { type: "text" };
import m00005 from "./00005_padding.sql" with { type: "text" };
import m00006 from "./00006_web_indexes.sql" with { type: "text" };
import m00007 from "./00007_entity_totals.sql" with { type: "text" };
import m00008 from "./00008_entity_totals_sides.sql" with { type: "text" };
import m00009 from "./00009_cron_runs.sql" with { type: "text" };
import m00010 from "./00010_entity_totals_table.sql" with { type: "text" };
import m00011 from "./00011_entity_details.sql" with { type: "text" };
import m00012 from "./00012_live_sequence.sql" with { type: "text" };
import m00013 from "./00013_price_history.sql" with { type: "text" };
import m00014 from "./00014_webhooks.sql" with { type: "text" };
import m00015 from "./00015_image_cache.sql" with { type: "text" };
import m00016 from "./00016_items_by_type.sql" with { type: "text" };
import m00017 from "./00017_entity_tops.sql" with { type: "text" };
import m00018 from "./00018_accounts.sql" with { type: "text" };
import m00019 from "./00019_battles.sql" with { type: "text" };
import m00020 from "./00020_campaigns.sql" with { type: "text" };
import m00021 from "./00021_entity_daily.sql" with { type: "text" };
import m00022 from "./00022_entity_snapshots.sql" with { type: "text" };
import m00023 from "./00023_battles_systems_index.sql" with { type: "text" };
import m00024 from "./00024_compact_rows.sql" with { type: "text" };
import m00025 from "./00025_entity_tops_kept.sql" with { type: "text" };
import m00026 from "./00026_entity_tops_daily.sql" with { type: "text" };
import m00027 from "./00027_entity_activity.sql" with { type: "text" };
import m00028 from "./00028_esi_json.sql" with { type: "text" };
import m00029 from "./00029_partition_compactions.sql" with { type: "text" };
import m00030 from "./00030_entity_tops_head.sql" with { type: "text" };
import m00031 from "./00031_labels_statistics.sql" with { type: "text" };
import m00032 from "./00032_price_inputs_hash.sql" with { type: "text" };

export const migrationFiles: Record<string, string> = {
  "00001_sde.sql": m00001,
  "00002_killmails.sql": m00002,
  "00003_type_attributes.sql": m00003,
  "00004_ingest.sql": m00004,
  "00005_padding.sql": m00005,
  "00006_web_indexes.sql": m00006,
  "00007_entity_totals.sql": m00007,
  "00008_entity_totals_sides.sql": m00008,
  "00009_cron_runs.sql": m00009,
  "00010_entity_totals_table.sql": m00010,
  "00011_entity_details.sql": m00011,
  "00012_live_sequence.sql": m00012,
  "00013_price_history.sql": m00013,
  "00014_webhooks.sql": m00014,
  "00015_image_cache.sql": m00015,
  "00016_items_by_type.sql": m00016,
  "00017_entity_tops.sql": m00017,
  "00018_accounts.sql": m00018,
  "00019_battles.sql": m00019,
  "00020_campaigns.sql": m00020,
  "00021_entity_daily.sql": m00021,
  "00022_entity_snapshots.sql": m00022,
  "00023_battles_systems_index.sql": m00023,
  "00024_compact_rows.sql": m00024,
  "00025_entity_tops_kept.sql": m00025,
  "00026_entity_tops_daily.sql": m00026,
  "00027_entity_activity.sql": m00027,
  "00028_esi_json.sql": m00028,
  "00029_partition_compactions.sql": m00029,
  "00030_entity_tops_head.sql": m00030,
  "00031_labels_statistics.sql": m00031,
  "00032_price_inputs_hash.sql": m00032,
};
