/**
 * A battle report's figures, pure: per side ISK lost, ships lost, pilots, efficiency (the share of all ISK lost in
 * the battle that the side destroyed), ship composition, items lost, and kills per minute. A kill is its victim's
 * side's loss; a pilot is on the side of their corporation or alliance (createSideOf).
 */
import type { BattleAttacker, BattleItem } from "./battles.read.repository.ts";
import { createSideOf, partyKey, type Side, type SideKill, type Sides } from "./battles.sides.models.ts";

export type ReportKill = {
  killmailId: number; killmailTime: Date; victimCharacterId: number | null; victimCorporationId: number | null; victimAllianceId: number | null;
  victimShipTypeId: number; totalValue: number;
};
export type ShipCount = { typeId: number; pilots: number };
export type SideFigures = {
  iskLost: number; shipsLost: number; pilots: number; efficiency: number; ships: ShipCount[]; parties: string[];
  items: { typeId: number; dropped: number; destroyed: number; droppedValue: number; destroyedValue: number }[];
};

/** The kills as side inference reads them: attackers under the damage-share floor are left out. */
export function toSideKills({ kills, attackers, minDamageShare }: { kills: ReportKill[]; attackers: BattleAttacker[]; minDamageShare: number }): SideKill[] {
  const byKill = new Map<number, string[]>();
  for (const attacker of attackers) {
    const party = attacker.damageShare >= minDamageShare ? partyKey(attacker) : null;
    if (party) (byKill.get(attacker.killmailId) ?? byKill.set(attacker.killmailId, []).get(attacker.killmailId)!).push(party);
  }
  return kills.map((kill) => ({ victimParty: partyKey({ corporationId: kill.victimCorporationId, allianceId: kill.victimAllianceId }), attackerParties: byKill.get(kill.killmailId) ?? [] }));
}

function countShips({ pilots }: { pilots: Map<string, { side: Side; typeId: number }> }) {
  const counts = { left: new Map<number, number>(), right: new Map<number, number>() };
  for (const { side, typeId } of pilots.values()) counts[side].set(typeId, (counts[side].get(typeId) ?? 0) + 1);
  const list = (map: Map<number, number>) => [...map].map(([typeId, count]) => ({ typeId, pilots: count })).sort((a, b) => b.pilots - a.pilots || a.typeId - b.typeId);
  return { left: list(counts.left), right: list(counts.right) };
}

function sumItems({ items, sideOf }: { items: BattleItem[]; sideOf: ReturnType<typeof createSideOf> }) {
  const sums = { left: new Map<number, SideFigures["items"][number]>(), right: new Map<number, SideFigures["items"][number]>() };
  for (const item of items) {
    const map = sums[sideOf({ corporationId: item.victimCorporationId, allianceId: item.victimAllianceId })];
    const sum = map.get(item.typeId) ?? { typeId: item.typeId, dropped: 0, destroyed: 0, droppedValue: 0, destroyedValue: 0 };
    map.set(item.typeId, { typeId: item.typeId, dropped: sum.dropped + item.dropped, destroyed: sum.destroyed + item.destroyed,
      droppedValue: sum.droppedValue + item.droppedValue, destroyedValue: sum.destroyedValue + item.destroyedValue });
  }
  const list = (map: Map<number, SideFigures["items"][number]>) => [...map.values()].sort((a, b) => b.droppedValue + b.destroyedValue - a.droppedValue - a.destroyedValue);
  return { left: list(sums.left), right: list(sums.right) };
}

export function summarizeReport({ kills, attackers, items, sides }: { kills: ReportKill[]; attackers: BattleAttacker[]; items: BattleItem[]; sides: Sides }) {
  const sideOf = createSideOf({ sides });
  const lost = { left: 0, right: 0 };
  const shipsLost = { left: 0, right: 0 };
  const killSide = new Map<number, Side>();
  // A pilot's ship per (pilot, ship) pair: one who reshipped counts in both hulls, as zKillboard's reports do.
  const pilots = new Map<string, { side: Side; typeId: number }>();
  for (const kill of kills) {
    const side = sideOf({ corporationId: kill.victimCorporationId, allianceId: kill.victimAllianceId });
    killSide.set(kill.killmailId, side);
    lost[side] += kill.totalValue;
    shipsLost[side] += 1;
    if (kill.victimCharacterId) pilots.set(`${kill.victimCharacterId}:${kill.victimShipTypeId}`, { side, typeId: kill.victimShipTypeId });
  }
  for (const attacker of attackers) {
    if (attacker.shipTypeId) pilots.set(`${attacker.characterId}:${attacker.shipTypeId}`, { side: sideOf(attacker), typeId: attacker.shipTypeId });
  }
  const people = { left: new Set<string>(), right: new Set<string>() };
  for (const [key, { side }] of pilots) people[side].add(key.split(":")[0]!);
  const ships = countShips({ pilots });
  const itemSums = sumItems({ items, sideOf });
  const total = lost.left + lost.right;
  const figures = (side: Side, other: Side): SideFigures => ({
    iskLost: lost[side], shipsLost: shipsLost[side], pilots: people[side].size, efficiency: total > 0 ? lost[other] / total : 0,
    ships: ships[side], items: itemSums[side], parties: sides[side],
  });
  return { left: figures("left", "right"), right: figures("right", "left"), killSide };
}

/** Kills per minute from the first kill's minute to the last's, per side (by the victim's side). */
export function countPerMinute({ kills, killSide }: { kills: ReportKill[]; killSide: Map<number, Side> }) {
  if (!kills.length) return [];
  const minute = (kill: ReportKill) => Math.floor(kill.killmailTime.getTime() / 60_000);
  const first = Math.min(...kills.map(minute));
  const last = Math.max(...kills.map(minute));
  const bins = Array.from({ length: last - first + 1 }, (_, index) => ({ minuteMs: (first + index) * 60_000, left: 0, right: 0 }));
  for (const kill of kills) bins[minute(kill) - first]![killSide.get(kill.killmailId) ?? "right"] += 1;
  return bins;
}
