/**
 * npc / solo / awox and the zKillboard labels of one kill, as zKillboard's cron/3.queueProcess.php
 * (isNPC, isSolo, isAwox, addLabel calls) defines them; thresholds live in rules.ts.
 * Padding (getPadHash): a player-ship kill that is not an NPC kill is keyed by victim character, final-blow
 * character, victim ship type and the UTC minute; it is padding when 5 other kills with that key are known.
 */
import type { EsiKillmail } from "./killmail.schemas.ts";
import type { SpaceClass } from "./killmail.types.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { CAPITAL_GROUP_IDS, RULES_THRESHOLDS as T } from "./rules.ts";

type TypeOf = (typeId: number) => TypeInfo | undefined;

const isPlayerCharacter = (id: number | undefined) => (id ?? 0) > T.npcCharacterMaxId;
const isPlayerCorporation = (id: number | undefined) => (id ?? 0) > T.npcCorporationMaxId;

export function isNpcKill({ esi }: { esi: EsiKillmail }) {
  const { victim } = esi;
  const victimCorporation = victim.corporation_id ?? 0;
  if (victim.character_id === undefined && victimCorporation > 1 && !isPlayerCorporation(victimCorporation)) return true;
  return !esi.attackers.some((attacker) => isPlayerCharacter(attacker.character_id) || isPlayerCorporation(attacker.corporation_id));
}

export function isSoloKill({ esi, typeOf }: { esi: EsiKillmail; typeOf: TypeOf }) {
  const victimType = typeOf(esi.victim.ship_type_id);
  if (!victimType || (T.notSoloGroupIds as readonly number[]).includes(victimType.groupId)) return false;
  if (victimType.categoryId !== T.shipCategoryId) return false;
  const players = esi.attackers.filter((attacker) => isPlayerCharacter(attacker.character_id)).length;
  const structureAttacker = esi.attackers.some(
    (attacker) => attacker.ship_type_id !== undefined && typeOf(attacker.ship_type_id)?.categoryId === T.structureCategoryId,
  );
  return players === 1 && !structureAttacker;
}

export function isAwoxKill({ esi, typeOf }: { esi: EsiKillmail; typeOf: TypeOf }) {
  const groupId = typeOf(esi.victim.ship_type_id)?.groupId;
  if (groupId === 237 || groupId === T.capsuleGroupId) return false;
  const victimCorporation = esi.victim.corporation_id ?? 0;
  if (victimCorporation <= 0) return false;
  return esi.attackers.some(
    (attacker) => attacker.final_blow && isPlayerCorporation(attacker.corporation_id) && attacker.corporation_id === victimCorporation,
  );
}

const LOCATION_LABELS: Partial<Record<SpaceClass, string>> = {
  highsec: "loc:highsec", lowsec: "loc:lowsec", nullsec: "loc:nullsec", "w-space": "loc:w-space",
  drifter: "loc:drifter", abyssal: "loc:abyssal", pochven: "loc:pochven",
};

export function timezoneLabel({ killmailTime }: { killmailTime: Date }) {
  const hour = killmailTime.getUTCHours();
  return T.timezoneBands.find(([first, last]) => hour >= first && hour <= last)![2];
}

export function attackerCountLabel({ attackerCount, solo }: { attackerCount: number; solo: boolean }) {
  if (solo) return "solo";
  return T.attackerCountLabels.find(([minimum]) => attackerCount >= minimum)?.[1] ?? null;
}

/** Labels in zKillboard's order; `padding` comes from isPadding (it depends on other kills). */
export function deriveLabels(kill: {
  killmailTime: Date; padding: boolean; victimCategoryId: number | null; victimGroupId: number | null;
  attackerCount: number; npc: boolean; solo: boolean; awox: boolean; spaceClass: SpaceClass; totalValue: number;
}) {
  const labels: string[] = [timezoneLabel(kill)];
  if (kill.padding) labels.push("padding");
  labels.push(`cat:${kill.victimCategoryId ?? 0}`);
  const count = attackerCountLabel(kill);
  if (count) labels.push(count);
  if (kill.npc) labels.push("npc");
  if (!kill.npc && !kill.padding) labels.push("pvp");
  if (kill.awox) labels.push("awox");
  const location = LOCATION_LABELS[kill.spaceClass];
  if (location) labels.push(location);
  for (const [threshold, label] of [...T.iskLabels].reverse()) if (kill.totalValue > threshold) labels.push(label);
  if (kill.victimGroupId !== null && CAPITAL_GROUP_IDS.has(kill.victimGroupId)) labels.push("capital");
  return { labels };
}

export function classifyKill({ esi, typeOf }: { esi: EsiKillmail; typeOf: TypeOf }) {
  const npc = isNpcKill({ esi });
  return { npc, solo: !npc && isSoloKill({ esi, typeOf }), awox: !npc && isAwoxKill({ esi, typeOf }) };
}

export function derivePadHash({ esi, npc, victimCategoryId, killmailTime }: {
  esi: EsiKillmail; npc: boolean; victimCategoryId: number | null; killmailTime: Date;
}) {
  const victimCharacter = esi.victim.character_id;
  if (npc || !victimCharacter || victimCategoryId !== T.shipCategoryId) return { padHash: null };
  const finalBlow = esi.attackers.find((attacker) => attacker.final_blow) ?? esi.attackers[0];
  const seconds = Math.floor(killmailTime.getTime() / 1000);
  const minute = seconds - (seconds % T.paddingWindowSeconds);
  return { padHash: `${victimCharacter}:${finalBlow?.character_id ?? 0}:${esi.victim.ship_type_id}:${minute}` };
}

export type PaddingCandidate = { killmailId: number; padHash?: string | null };

export function isPadding({ kill, recentKills }: { kill: PaddingCandidate; recentKills: PaddingCandidate[] }) {
  if (!kill.padHash) return false;
  const same = recentKills.filter((other) => other.killmailId !== kill.killmailId && other.padHash === kill.padHash).length;
  return same >= T.paddingMinPriorKills;
}
