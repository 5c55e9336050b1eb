/** The kill page's view model: fit by slot with containers nested, attackers with shares, value lines, EFT. */
import type { EntityNames } from "../names/names.usecases.ts";
import { articleFor, formatIskExact, formatNumber, formatPercent, imageUrl } from "../present/present.format.ts";
import { entityUrl, itemUrl, labelUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { AttackerRow, ItemRow, KillmailDetail } from "./killmail.read.repository.ts";
import { RULES } from "./rules.ts";

export const SLOT_TITLES: [string, string][] = [
  ["high", "High slots"], ["mid", "Medium slots"], ["low", "Low slots"], ["rig", "Rigs"], ["subsystem", "Subsystems"],
  ["service", "Service slots"], ["fighter_tube", "Fighter tubes"], ["drone_bay", "Drone bay"], ["fighter_bay", "Fighter bay"],
  ["implant", "Implants"], ["booster", "Boosters"], ["cargo", "Cargo"], ["ship_hangar", "Ship hangar"],
  ["fleet_hangar", "Fleet hangar"], ["specialized_hold", "Specialized holds"], ["structure_fuel", "Fuel bay"], ["other", "Other (slot not recorded)"],
];

const RULE_OF_LABEL: [string, string][] = [
  ["#:", "attackers"], ["loc:", "location"], ["isk:", "isk"], ["tz:", "timezone"], ["cat:", "category"],
];

export function ruleOfLabel(label: string) {
  const id = RULE_OF_LABEL.find(([prefix]) => label.startsWith(prefix))?.[1] ?? label;
  return RULES.find((rule) => rule.id === id);
}

/** Top-level items grouped by slot, each followed by its container contents (depth-first, as stored). */
export function layoutItems({ items, universe }: { items: ItemRow[]; universe: UniverseNames }) {
  const children = new Map<number, ItemRow[]>();
  for (const item of items) if (item.parentIndex != null) children.set(item.parentIndex, [...(children.get(item.parentIndex) ?? []), item]);
  const line = (item: ItemRow, depth: number) => ({
    name: universe.typeName(item.typeId), url: itemUrl(item.typeId), icon: imageUrl({ kind: "type", id: item.typeId, size: 32 }), depth,
    dropped: item.quantityDropped ? formatNumber(item.quantityDropped) : "", destroyed: item.quantityDestroyed ? formatNumber(item.quantityDestroyed) : "",
    value: formatIskExact(item.unitPrice * (item.quantityDropped + item.quantityDestroyed)),
  });
  const withContents = (item: ItemRow, depth: number): ReturnType<typeof line>[] =>
    [line(item, depth), ...(children.get(item.itemIndex) ?? []).flatMap((child) => withContents(child, depth + 1))];
  const topLevel = items.filter((item) => item.parentIndex == null);
  return SLOT_TITLES.map(([slot, title]) => ({ title, items: topLevel.filter((item) => item.slot === slot).flatMap((item) => withContents(item, 0)) }))
    .filter((group) => group.items.length);
}

export function presentAttackers({ attackers, universe, names }: { attackers: AttackerRow[]; universe: UniverseNames; names: EntityNames }) {
  const topIndex = attackers.find((attacker) => attacker.damageDone > 0)?.attackerIndex;
  return attackers.map((a) => ({
    name: a.characterId ? names.name("character", a.characterId) : universe.typeName(a.shipTypeId) || names.name("corporation", a.corporationId),
    url: entityUrl("character", a.characterId),
    corpName: a.corporationId ? names.name("corporation", a.corporationId) : universe.factionName(a.factionId),
    corpUrl: a.corporationId ? entityUrl("corporation", a.corporationId) : entityUrl("faction", a.factionId),
    shipName: universe.typeName(a.shipTypeId), weaponName: a.weaponTypeId && a.weaponTypeId !== a.shipTypeId ? universe.typeName(a.weaponTypeId) : "",
    damage: formatNumber(a.damageDone), share: formatPercent(a.damageShare), finalBlow: a.finalBlow, topDamage: a.attackerIndex === topIndex,
  }));
}

const EFT_SECTIONS = [["low"], ["mid"], ["high"], ["rig"], ["subsystem"], ["service"], ["drone_bay", "fighter_bay", "fighter_tube"], ["cargo"]];
const CHARGE_CATEGORY_ID = 8;

/** EFT text as fitting tools import it: low, mid, high, rigs, subsystems, then drones and cargo with counts. */
export function buildEft({ shipName, items, universe }: { shipName: string; items: ItemRow[]; universe: UniverseNames }) {
  const topLevel = items.filter((item) => item.parentIndex == null);
  const sections = EFT_SECTIONS.map((slots, index) => {
    const inSection = topLevel.filter((item) => slots.includes(item.slot));
    const modules = index < 6 ? inSection.filter((item) => universe.type(item.typeId)?.categoryId !== CHARGE_CATEGORY_ID) : inSection;
    return modules.map((item) => {
      const quantity = item.quantityDropped + item.quantityDestroyed;
      return index < 6 ? universe.typeName(item.typeId) : `${universe.typeName(item.typeId)} x${quantity}`;
    });
  });
  return [`[${shipName}, ${shipName}]`, ...sections.filter((lines) => lines.length).map((lines) => lines.join("\n"))].join("\n\n");
}

export function presentVictim({ killmail, names, universe }: { killmail: KillmailDetail; names: EntityNames; universe: UniverseNames }) {
  const isCharacter = killmail.victimCharacterId != null;
  return {
    name: isCharacter ? names.name("character", killmail.victimCharacterId) : names.name("corporation", killmail.victimCorporationId),
    isCharacter, url: isCharacter ? entityUrl("character", killmail.victimCharacterId) : entityUrl("corporation", killmail.victimCorporationId),
    corpName: names.name("corporation", killmail.victimCorporationId), corpUrl: entityUrl("corporation", killmail.victimCorporationId),
    allianceName: names.name("alliance", killmail.victimAllianceId), allianceUrl: entityUrl("alliance", killmail.victimAllianceId),
    shipName: universe.typeName(killmail.victimShipTypeId), shipUrl: entityUrl("ship", killmail.victimShipTypeId),
    shipArticle: articleFor(universe.typeName(killmail.victimShipTypeId)),
    shipImage: imageUrl({ kind: "ship", id: killmail.victimShipTypeId, size: 128 }),
    groupName: universe.groupName(killmail.victimShipGroupId), groupUrl: entityUrl("group", killmail.victimShipGroupId),
  };
}

export function presentLabels({ labels }: { labels: string[] }) {
  return labels.map((label) => {
    const rule = ruleOfLabel(label);
    return { name: label, url: rule ? `/labels/#rule-${rule.id}` : labelUrl(label), rule: rule?.title ?? "" };
  });
}
