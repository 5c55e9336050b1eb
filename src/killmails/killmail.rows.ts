/** Pure mapping of a derived killmail to the rows of its four tables (snake_case, as the tables name them). */
import type { DerivedKillmail } from "./killmail.types.ts";
import { INT4_MAX, isPlayerKind } from "../vocabulary/entity-kinds.ts";


export function toKillmailRow({ killmail, storedAt }: { killmail: DerivedKillmail; storedAt: Date }) {
  const { victim, finalBlow, values } = killmail;
  return {
    killmail_id: killmail.killmailId,
    killmail_time: killmail.killmailTime.toISOString(),
    hash: killmail.hash,
    solar_system_id: killmail.solarSystemId,
    constellation_id: killmail.constellationId,
    region_id: killmail.regionId,
    security: killmail.security,
    space_class: killmail.spaceClass,
    location_id: killmail.locationId,
    moon_id: killmail.moonId,
    war_id: killmail.warId,
    victim_character_id: victim.characterId,
    victim_corporation_id: victim.corporationId,
    victim_alliance_id: victim.allianceId,
    victim_faction_id: victim.factionId,
    victim_ship_type_id: victim.shipTypeId,
    victim_ship_group_id: victim.shipGroupId,
    victim_ship_category_id: victim.shipCategoryId,
    victim_damage_taken: victim.damageTaken,
    final_blow_character_id: finalBlow?.characterId ?? null,
    final_blow_corporation_id: finalBlow?.corporationId ?? null,
    final_blow_alliance_id: finalBlow?.allianceId ?? null,
    final_blow_ship_type_id: finalBlow?.shipTypeId ?? null,
    attacker_count: killmail.attackerCount,
    fitted_value: values.fitted,
    dropped_value: values.dropped,
    destroyed_value: values.destroyed,
    total_value: values.total,
    hull_unit_price: values.hull.unitPrice,
    hull_price_source: values.hull.priceSource,
    hull_price_inputs: values.hull.inputs,
    points: killmail.points,
    npc: killmail.npc,
    solo: killmail.solo,
    awox: killmail.awox,
    labels: killmail.labels,
    pad_hash: killmail.padHash ?? null,
    source: killmail.source,
    first_seen_at: killmail.firstSeenAt.toISOString(),
    stored_at: storedAt.toISOString(),
    // An integer column: a killmail held back for weeks keeps the column's maximum rather than failing to store.
    ingest_latency_ms: Math.min(INT4_MAX, Math.max(0, Math.round(storedAt.getTime() - killmail.firstSeenAt.getTime()))),
    esi: killmail.esi,
    upstream_zkb: killmail.upstreamZkb ?? null,
  };
}

export function toChildRows({ killmail }: { killmail: DerivedKillmail }) {
  const key = { killmail_id: killmail.killmailId, killmail_time: killmail.killmailTime.toISOString() };
  return {
    attackers: killmail.attackers.map((attacker) => ({
      ...key,
      attacker_index: attacker.attackerIndex,
      character_id: attacker.characterId,
      corporation_id: attacker.corporationId,
      alliance_id: attacker.allianceId,
      faction_id: attacker.factionId,
      ship_type_id: attacker.shipTypeId,
      ship_group_id: attacker.shipGroupId,
      weapon_type_id: attacker.weaponTypeId,
      damage_done: attacker.damageDone,
      damage_share: attacker.damageShare,
      final_blow: attacker.finalBlow,
      security_status: attacker.securityStatus,
    })),
    items: killmail.items.map((item) => ({
      ...key,
      item_index: item.itemIndex,
      parent_index: item.parentIndex,
      type_id: item.typeId,
      flag: item.flag,
      slot: item.slot,
      singleton: item.singleton,
      quantity_dropped: item.quantityDropped,
      quantity_destroyed: item.quantityDestroyed,
      unit_price: item.unitPrice,
      price_source: item.priceSource,
      price_inputs: item.priceInputs,
    })),
    involvement: killmail.involvement.map((entry) => ({
      ...key,
      entity_kind: entry.entityKind,
      entity_id: entry.entityId,
      is_victim: entry.isVictim,
      is_final_blow: entry.isFinalBlow,
    })),
  };
}


/** Characters, corporations and alliances to register for enrichment (deduplicated). */
export function toEntityStubs({ killmails }: { killmails: DerivedKillmail[] }) {
  const seen = new Map<string, { entity_kind: string; entity_id: number }>();
  for (const killmail of killmails) {
    for (const entry of killmail.involvement) {
      if (isPlayerKind(entry.entityKind)) seen.set(`${entry.entityKind}:${entry.entityId}`, { entity_kind: entry.entityKind, entity_id: entry.entityId });
    }
  }
  // One order for every batch: concurrent batches inserting the same new entities in different orders wait on
  // each other's rows and deadlock (a board's kills all share its corporation and alliance).
  return [...seen.values()].sort((a, b) => a.entity_kind.localeCompare(b.entity_kind) || a.entity_id - b.entity_id);
}

/** First day of each distinct UTC month among the killmails, as YYYY-MM-01. */
export function listKillmailMonths({ killmails }: { killmails: DerivedKillmail[] }) {
  return [...new Set(killmails.map((killmail) => `${killmail.killmailTime.toISOString().slice(0, 7)}-01`))];
}
