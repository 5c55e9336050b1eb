/**
 * Builds the derived killmail from a parsed input and static facts (pure: the caller supplies the context
 * and, for padding, the kills already known). Composed of items, location, valuation, classification,
 * points and involvement models; the zKillboard rules they follow are listed in rules.ts.
 */
import { classifyKill, deriveLabels, derivePadHash, isPadding, type PaddingCandidate } from "./classification.models.ts";
import { deriveInvolvement } from "./involvement.models.ts";
import { flattenItems } from "./items.models.ts";
import type { EsiAttacker } from "./killmail.schemas.ts";
import type { DerivedAttacker, DerivedKillmail, KillmailContext, KillmailInput } from "./killmail.types.ts";
import { deriveLocation } from "./location.models.ts";
import { computePoints } from "./points.models.ts";
import { valueKillmail } from "./valuation.models.ts";

function deriveAttackers({ attackers, damageTaken, context }: { attackers: EsiAttacker[]; damageTaken: number; context: KillmailContext }) {
  return attackers.map((attacker, attackerIndex): DerivedAttacker => ({
    attackerIndex,
    characterId: attacker.character_id ?? null,
    corporationId: attacker.corporation_id ?? null,
    allianceId: attacker.alliance_id ?? null,
    factionId: attacker.faction_id ?? null,
    shipTypeId: attacker.ship_type_id ?? null,
    shipGroupId: attacker.ship_type_id === undefined ? null : (context.typeOf(attacker.ship_type_id)?.groupId ?? null),
    weaponTypeId: attacker.weapon_type_id ?? null,
    damageDone: attacker.damage_done,
    damageShare: damageTaken > 0 ? attacker.damage_done / damageTaken : 0,
    finalBlow: attacker.final_blow,
    securityStatus: attacker.security_status,
  }));
}

function deriveVictim({ input, context }: { input: KillmailInput; context: KillmailContext }) {
  const { victim } = input.esi;
  const type = context.typeOf(victim.ship_type_id);
  return {
    characterId: victim.character_id ?? null,
    corporationId: victim.corporation_id ?? null,
    allianceId: victim.alliance_id ?? null,
    factionId: victim.faction_id ?? null,
    shipTypeId: victim.ship_type_id,
    shipGroupId: type?.groupId ?? null,
    shipCategoryId: type?.categoryId ?? null,
    damageTaken: victim.damage_taken,
  };
}

export function deriveKillmail({ input, context, recentKills = [] }: {
  input: KillmailInput;
  context: KillmailContext;
  /** Kills already known, for zKillboard's padding rule; without them a kill is never padding. */
  recentKills?: PaddingCandidate[];
}): DerivedKillmail {
  const { esi } = input;
  const killmailTime = new Date(esi.killmail_time);
  const location = deriveLocation({
    solarSystemId: esi.solar_system_id, system: context.systemOf(esi.solar_system_id),
    position: esi.victim.position, celestials: context.celestialsOf(esi.solar_system_id),
  });
  const victim = deriveVictim({ input, context });
  const attackers = deriveAttackers({ attackers: esi.attackers, damageTaken: victim.damageTaken, context });
  const final = attackers.find((attacker) => attacker.finalBlow) ?? null;
  const { items: flat } = flattenItems({ items: esi.victim.items });
  const { items, values } = valueKillmail({ killmailId: input.killmailId, shipTypeId: victim.shipTypeId, items: flat, killmailTime, context });
  const { npc, solo, awox } = classifyKill({ esi, typeOf: context.typeOf });
  const { padHash } = derivePadHash({ esi, npc, victimCategoryId: victim.shipCategoryId, killmailTime });
  const padding = isPadding({ kill: { killmailId: input.killmailId, padHash }, recentKills });
  const { labels } = deriveLabels({
    killmailTime, padding, victimCategoryId: victim.shipCategoryId, victimGroupId: victim.shipGroupId,
    attackerCount: attackers.length, npc, solo, awox, spaceClass: location.spaceClass, totalValue: values.total,
  });
  return {
    killmailId: input.killmailId, killmailTime, hash: input.hash, ...location,
    moonId: esi.moon_id ?? null, warId: esi.war_id ?? null,
    victim,
    finalBlow: final && { characterId: final.characterId, corporationId: final.corporationId, allianceId: final.allianceId, shipTypeId: final.shipTypeId },
    attackerCount: attackers.length, attackers, items,
    involvement: deriveInvolvement({ victim, attackers }).involvement,
    values, points: computePoints({ esi, typeOf: context.typeOf, npc }).points,
    npc, solo, awox, labels, padHash,
    source: input.source, firstSeenAt: input.firstSeenAt, esi, upstreamZkb: input.upstreamZkb ?? null,
  };
}
