/** The kill page's view model: fit by slot with containers nested, attackers with shares, value lines, EFT. */
import type { EntityNames } from "../names/names.usecases.ts";
import { articleFor, formatIsk, formatIskExact, formatNumber, formatPercent, imageUrl } from "../present/present.format.ts";
import { entityUrl, itemUrl, labelUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { AttackerRow, ItemRow, KillmailDetail } from "./killmail.read.repository.ts";
import { RULES } from "./rules.ts";
import { labelText } from "./label.names.ts";
import { CHARGE_CATEGORY_ID, groupByFlag, loadedCharge } from "./fit.models.ts";

/** Whether a type is a charge (ammunition, scripts, crystals): SDE category 8. */
const chargeTest = ({ universe }: { universe: Pick<UniverseNames, "type"> }) => (typeId: number) => universe.type(typeId)?.categoryId === CHARGE_CATEGORY_ID;

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

/** Slots where a charge sits in its module (same flag), so it is shown under it. */
const FITTED_SLOTS = new Set(["high", "mid", "low", "rig", "subsystem", "service"]);

type ItemState = "dropped" | "destroyed";
/** One row of the fit table before formatting: a type in one state, its quantity summed, with what sits in it. */
type ItemLine = { typeId: number; state: ItemState; quantity: number; value: number; children: ItemLine[] };

/** An item as its dropped and its destroyed part (either may be absent), each with what it holds. */
function splitByState({ item, children }: { item: ItemRow; children: ItemLine[] }): ItemLine[] {
  const parts: ItemLine[] = [];
  for (const [state, quantity] of [["destroyed", item.quantityDestroyed], ["dropped", item.quantityDropped]] as const) {
    if (quantity > 0) parts.push({ typeId: item.typeId, state, quantity, value: item.unitPrice * quantity, children: [] });
  }
  // An item some killmails record with no quantity still holds what was in it: a line of 0 keeps its contents.
  if (!parts.length && children.length) parts.push({ typeId: item.typeId, state: "destroyed", quantity: 0, value: 0, children: [] });
  // Contents stay with the container however it went (a dropped container's contents can still be destroyed).
  if (parts.length) parts[0]!.children = children;
  return parts;
}

/** Identical lines (type and state) as one, quantities and values summed; a line holding something stays its own. */
function mergeLines({ lines }: { lines: ItemLine[] }): ItemLine[] {
  const leaves = new Map<string, ItemLine>();
  const out: ItemLine[] = [];
  for (const line of lines) {
    if (line.children.length) {
      out.push(line);
      continue;
    }
    const key = `${line.typeId}:${line.state}`;
    const same = leaves.get(key);
    if (same) {
      same.quantity += line.quantity;
      same.value += line.value;
      continue;
    }
    const copy = { ...line };
    leaves.set(key, copy);
    out.push(copy);
  }
  return out;
}

/** A fitted slot: each flag's module with its loaded charge under it; the same module with the same charge merges. */
function fittedLines({ items, isCharge }: { items: ItemRow[]; isCharge: (typeId: number) => boolean }) {
  const groups = new Map<string, ItemLine[]>();
  for (const { module, loaded } of groupByFlag({ items, isCharge })) {
    const charges = loaded.flatMap((item) => splitByState({ item, children: [] }));
    const parts = module ? splitByState({ item: module, children: [] }) : charges;
    if (module && parts.length) parts[0]!.children = charges;
    for (const part of parts) {
      const key = `${part.typeId}:${part.state}:${part.children.map((child) => child.typeId).sort().join(",")}`;
      let same = groups.get(key);
      if (!same) groups.set(key, (same = []));
      same.push(part);
    }
  }
  return [...groups.values()].map((same) => ({
    ...same[0]!, quantity: same.reduce((sum, line) => sum + line.quantity, 0), value: same.reduce((sum, line) => sum + line.value, 0),
    children: mergeLines({ lines: same.flatMap((line) => line.children) }),
  }));
}

/**
 * The fit table: top-level items grouped by slot in fitting order. Identical items are one row (quantity summed),
 * dropped and destroyed kept apart as their own rows; a charge sits under the module it is loaded in; a container
 * holds its contents. Each slot carries its subtotal; values read rounded, exact on hover.
 */
export function layoutItems({ items, universe }: { items: ItemRow[]; universe: UniverseNames }) {
  const children = new Map<number, ItemRow[]>();
  for (const item of items) if (item.parentIndex != null) children.set(item.parentIndex, [...(children.get(item.parentIndex) ?? []), item]);
  const withContents = (item: ItemRow): ItemLine[] =>
    splitByState({ item, children: mergeLines({ lines: (children.get(item.itemIndex) ?? []).flatMap(withContents) }) });
  const isCharge = chargeTest({ universe });
  const format = (line: ItemLine, depth: number): ReturnType<typeof formatLine>[] =>
    [formatLine({ line, depth, universe }), ...line.children.flatMap((child) => format(child, depth + 1))];
  const topLevel = items.filter((item) => item.parentIndex == null);
  return SLOT_TITLES.map(([slot, title]) => {
    const inSlot = topLevel.filter((item) => item.slot === slot);
    const lines = FITTED_SLOTS.has(slot) ? fittedLines({ items: inSlot, isCharge }) : mergeLines({ lines: inSlot.flatMap(withContents) });
    const total = lines.reduce((sum, line) => sum + lineTotal(line), 0);
    return { slot, title, items: lines.flatMap((line) => format(line, 0)), subtotal: formatIsk(total), subtotalExact: formatIskExact(total) };
  }).filter((group) => group.items.length);
}

const lineTotal = (line: ItemLine): number => line.value + line.children.reduce((sum, child) => sum + lineTotal(child), 0);

function formatLine({ line, depth, universe }: { line: ItemLine; depth: number; universe: UniverseNames }) {
  return {
    typeId: line.typeId, name: universe.typeName(line.typeId), url: itemUrl(line.typeId), icon: imageUrl({ kind: "type", id: line.typeId, size: 32 }), depth,
    state: line.state, quantity: formatNumber(line.quantity), value: formatIsk(line.value), valueExact: `${formatIskExact(line.value)} ISK`,
  };
}

/** Attackers shown on the kill page itself; the rest are a link away (the titan kill has 982). */
export const TOP_ATTACKERS = 10;
export const ATTACKERS_PAGE_SIZE = 100;
const SUMMARY_ROWS = 10;

type Presenting = { universe: UniverseNames; names: EntityNames };

function presentAttacker({ attacker: a, topIndex, universe, names }: Presenting & { attacker: AttackerRow; topIndex: number | undefined }) {
  const weapon = a.weaponTypeId && a.weaponTypeId !== a.shipTypeId ? a.weaponTypeId : null;
  return {
    name: a.characterId ? names.name("character", a.characterId) : universe.typeName(a.shipTypeId) || names.name("corporation", a.corporationId),
    url: entityUrl("character", a.characterId),
    corpName: a.corporationId ? names.name("corporation", a.corporationId) : universe.factionName(a.factionId),
    corpUrl: a.corporationId ? entityUrl("corporation", a.corporationId) : entityUrl("faction", a.factionId),
    allianceName: a.allianceId ? names.name("alliance", a.allianceId) : "", allianceUrl: entityUrl("alliance", a.allianceId),
    shipName: universe.typeName(a.shipTypeId), shipUrl: entityUrl("ship", a.shipTypeId), shipIcon: imageUrl({ kind: "ship", id: a.shipTypeId, size: 32 }),
    weaponName: weapon ? universe.typeName(weapon) : "", weaponIcon: imageUrl({ kind: "type", id: weapon, size: 32 }),
    damage: formatNumber(a.damageDone), share: formatPercent(a.damageShare), finalBlow: a.finalBlow, topDamage: a.attackerIndex === topIndex,
  };
}

/** The attacker who did the most damage: the first with any, as attackers are stored by damage done. */
export const topDamageIndex = ({ attackers }: { attackers: AttackerRow[] }) => attackers.find((attacker) => attacker.damageDone > 0)?.attackerIndex;

/** `attackers` (a page of them) presented, the top damage of the whole kill (`topIndex`) marked. */
export function presentAttackers({ attackers, universe, names, topIndex = topDamageIndex({ attackers }) }: Presenting & { attackers: AttackerRow[]; topIndex?: number }) {
  return attackers.map((attacker) => presentAttacker({ attacker, topIndex, universe, names }));
}

/** Counted by key, the largest counts first, at most SUMMARY_ROWS. */
function countBy<T>({ items, key }: { items: T[]; key: (item: T) => number | null }) {
  const counts = new Map<number, number>();
  for (const item of items) {
    const id = key(item);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, SUMMARY_ROWS);
}

/** The cards above the attackers: final blow, top damage, and for a fight, who was there (by alliance, else corporation) in what. */
export function presentAttackerSummary({ attackers, universe, names }: Presenting & { attackers: AttackerRow[] }) {
  // Only the two the cards show are presented: a titan kill has nearly a thousand attackers.
  const topIndex = topDamageIndex({ attackers });
  const card = (attacker: AttackerRow | undefined) => (attacker ? presentAttacker({ attacker, topIndex, universe, names }) : null);
  const finalBlow = card(attackers.find((attacker) => attacker.finalBlow));
  const topDamage = card(attackers.find((attacker) => attacker.attackerIndex === topIndex));
  const groups = countBy({ items: attackers, key: (a) => a.allianceId ?? -(a.corporationId ?? 0) }).map(([id, count]) => id > 0
    ? { name: names.name("alliance", id), url: entityUrl("alliance", id), count: formatNumber(count) }
    : { name: names.name("corporation", -id), url: entityUrl("corporation", -id), count: formatNumber(count) });
  const ships = countBy({ items: attackers, key: (a) => a.shipTypeId }).map(([id, count]) => ({
    name: universe.typeName(id), url: entityUrl("ship", id), icon: imageUrl({ kind: "ship", id, size: 32 }), count: formatNumber(count),
  }));
  return { finalBlow, topDamage, groups, ships, isFight: attackers.length > TOP_ATTACKERS };
}

const EFT_SECTIONS = [["low"], ["mid"], ["high"], ["rig"], ["subsystem"], ["service"], ["drone_bay", "fighter_bay", "fighter_tube"], ["cargo"]];
const FITTED_SECTIONS = 6;

const countOf = (item: ItemRow) => item.quantityDropped + item.quantityDestroyed;
/** What a DNA string lists besides the hull and its subsystems: fitted modules, drones and fighters (and their charges). */
const DNA_SLOTS = new Set(["high", "mid", "low", "rig", "service", "drone_bay", "fighter_bay", "fighter_tube"]);

/**
 * EFT text as fitting tools import it: `[Ship, name]`, then lows, mids, highs (each `Module, Charge` when loaded),
 * rigs, subsystems, services, then drones and cargo with counts (identical ones summed).
 */
export function buildEft({ shipName, fitName, items, universe }: { shipName: string; fitName: string; items: ItemRow[]; universe: UniverseNames }) {
  const topLevel = items.filter((item) => item.parentIndex == null);
  const sections = EFT_SECTIONS.map((slots, index) => {
    const inSection = topLevel.filter((item) => slots.includes(item.slot));
    if (index < FITTED_SECTIONS) {
      const isCharge = chargeTest({ universe });
      return groupByFlag({ items: inSection, isCharge }).filter((contents) => contents.module).map((contents) => {
        const charge = loadedCharge({ contents, isCharge });
        const module = universe.typeName(contents.module!.typeId);
        return charge ? `${module}, ${universe.typeName(charge.typeId)}` : module;
      });
    }
    const counts = new Map<number, number>();
    for (const item of inSection) counts.set(item.typeId, (counts.get(item.typeId) ?? 0) + countOf(item));
    return [...counts].map(([typeId, quantity]) => `${universe.typeName(typeId)} x${quantity}`);
  });
  // EFT reads the header up to its first comma and closing bracket: the name must hold neither.
  const name = fitName.replace(/[,[\]\r\n]/g, " ").trim();
  return [`[${shipName}, ${name}]`, ...sections.filter((lines) => lines.length).map((lines) => lines.join("\n"))].join("\n\n");
}

/**
 * The ship DNA string fitting tools and the in-game chat link take: `ship:subsystems:modules;count:...:charges;count::`,
 * every fitted module, drone and charge with its count.
 */
export function buildDna({ shipTypeId, items, universe }: { shipTypeId: number; items: ItemRow[]; universe: UniverseNames }) {
  const topLevel = items.filter((item) => item.parentIndex == null);
  const subsystems = topLevel.filter((item) => item.slot === "subsystem").map((item) => item.typeId);
  const counts = new Map<number, number>();
  const charges = new Map<number, number>();
  for (const item of topLevel) {
    if (!DNA_SLOTS.has(item.slot)) continue;
    const into = chargeTest({ universe })(item.typeId) ? charges : counts;
    into.set(item.typeId, (into.get(item.typeId) ?? 0) + countOf(item));
  }
  const listed = (map: Map<number, number>) => [...map].map(([typeId, quantity]) => `${typeId};${quantity}`);
  return [shipTypeId, ...subsystems, ...listed(counts), ...listed(charges)].join(":") + "::";
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
    return { name: labelText({ label }), url: rule ? `/labels/#rule-${rule.id}` : labelUrl(label), rule: `${label}${rule ? ` · ${rule.title}` : ""}` };
  });
}

/** ESI's names of the flags a saved fitting may use (`POST /characters/{id}/fittings/`), by flag number. */
const ESI_FITTING_FLAGS: [number, number, string][] = [
  [27, 8, "HiSlot"], [19, 8, "MedSlot"], [11, 8, "LoSlot"], [92, 3, "RigSlot"], [125, 4, "SubSystemSlot"], [164, 8, "ServiceSlot"],
];
const ESI_FITTING_BAYS: Record<number, string> = { 5: "Cargo", 87: "DroneBay", 158: "FighterBay", 159: "FighterBay", 160: "FighterBay", 161: "FighterBay", 162: "FighterBay", 163: "FighterBay" };

function esiFittingFlag({ flag }: { flag: number }) {
  const slot = ESI_FITTING_FLAGS.find(([first, count]) => flag >= first && flag < first + count);
  return slot ? `${slot[2]}${flag - slot[0]}` : (ESI_FITTING_BAYS[flag] ?? null);
}

/**
 * The fitting as ESI saves one (the body of `POST /characters/{character_id}/fittings/`): modules at their slots,
 * drones and fighters in their bays, loaded charges and cargo in the cargo hold; items in containers left out.
 */
export function buildEsiFitting({ shipTypeId, name, items, universe }: { shipTypeId: number; name: string; items: ItemRow[]; universe: UniverseNames }) {
  const counts = new Map<string, { flag: string; type_id: number; quantity: number }>();
  for (const item of items.filter((candidate) => candidate.parentIndex == null)) {
    const flag = chargeTest({ universe })(item.typeId) && item.flag !== 5 ? "Cargo" : esiFittingFlag({ flag: item.flag });
    if (!flag) continue;
    const key = `${flag}:${item.typeId}`;
    const line = counts.get(key) ?? { flag, type_id: item.typeId, quantity: 0 };
    line.quantity += countOf(item);
    counts.set(key, line);
  }
  return { name: name.slice(0, 50), description: "", ship_type_id: shipTypeId, items: [...counts.values()] };
}
