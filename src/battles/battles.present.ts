/** Battle pages' view models: names resolved, figures formatted; every game-provided string is escaped by the view. */
import { presentSummary } from "../killmails/killmail.list.present.ts";
import { formatIsk, formatNumber, formatPercent, formatTime, imageUrl } from "../present/present.format.ts";
import { battleUrl, entityUrl, itemUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { BattleFilter, StoredBattle } from "./battles.read.repository.ts";
import type { SideFigures } from "./battles.report.models.ts";
import type { LoadedReport } from "./battles.page.usecases.ts";
import type { Side } from "./battles.sides.models.ts";
import { renderTimeline } from "./battles.svg.ts";
import type { EntityNames } from "../names/names.usecases.ts";

const ITEMS_SHOWN = 25;

function presentShips({ ships, universe }: { ships: SideFigures["ships"]; universe: UniverseNames }) {
  const groups = new Map<number, { groupName: string; pilots: number; types: { name: string; url: string; icon: string; pilots: number }[] }>();
  for (const { typeId, pilots } of ships) {
    const groupId = universe.type(typeId)?.groupId ?? 0;
    const group = groups.get(groupId) ?? groups.set(groupId, { groupName: universe.groupName(groupId) || "Unknown", pilots: 0, types: [] }).get(groupId)!;
    group.pilots += pilots;
    group.types.push({ name: universe.typeName(typeId), url: entityUrl("ship", typeId), icon: imageUrl({ kind: "ship", id: typeId, size: 32 }), pilots });
  }
  return [...groups.values()].sort((a, b) => b.pilots - a.pilots);
}

function presentParty({ party, names }: { party: string; names: EntityNames }) {
  const [kind, id] = party.split(":") as [string, string];
  return { key: party, name: names.name(kind, Number(id)), url: entityUrl(kind, Number(id)) };
}

function presentSide({ side, figures, report, universe }: { side: Side; figures: SideFigures; report: LoadedReport; universe: UniverseNames }) {
  const context = { universe, names: report.names };
  return {
    side, title: side === "left" ? "Left side" : "Right side",
    parties: figures.parties.map((party) => presentParty({ party, names: report.names })),
    iskLost: formatIsk(figures.iskLost), shipsLost: formatNumber(figures.shipsLost), pilots: formatNumber(figures.pilots), efficiency: formatPercent(figures.efficiency),
    groups: presentShips({ ships: figures.ships, universe }),
    items: figures.items.slice(0, ITEMS_SHOWN).map((item) => ({ name: universe.typeName(item.typeId), url: itemUrl(item.typeId),
      dropped: formatNumber(item.dropped), destroyed: formatNumber(item.destroyed), dropValue: formatIsk(item.droppedValue), destroyValue: formatIsk(item.destroyedValue) })),
    moreItems: Math.max(0, figures.items.length - ITEMS_SHOWN),
    rows: report.summaries.filter((row) => report.report.killSide.get(row.killmailId) === side).map((row) => presentSummary({ row, context })),
  };
}

export function presentReport({ report, universe }: { report: LoadedReport; universe: UniverseNames }) {
  return {
    sides: (["left", "right"] as const).map((side) => presentSide({ side, figures: report.report[side], report, universe })),
    timeline: renderTimeline({ bins: report.bins }),
    leftParam: report.sides.left.join(","), rightParam: report.sides.right.join(","),
    killCount: formatNumber(report.summaries.length),
    iskDestroyed: formatIsk(report.report.left.iskLost + report.report.right.iskLost),
  };
}

/** The list's title and filter form: what is filtered on, by name, and the values to keep when the form is sent again. */
export function presentBattleFilter({ filter, universe }: { filter: BattleFilter; universe: UniverseNames }) {
  const place = filter.solarSystemId != null ? universe.systemName(filter.solarSystemId) : filter.regionId != null ? universe.regionName(filter.regionId) : null;
  const title = [place ? `Battles in ${place}` : "Battles", filter.minKills ? `of ${formatNumber(filter.minKills)}+ kills` : ""].filter(Boolean).join(" ");
  return { title, filtered: place !== null || filter.minKills != null, system: filter.solarSystemId ?? "", region: filter.regionId ?? "", minKills: filter.minKills ?? "" };
}

export function presentBattleRow({ battle, universe }: { battle: StoredBattle; universe: UniverseNames }) {
  return {
    url: battleUrl(battle.battleId), started: formatTime(battle.startedAt), isoStarted: battle.startedAt.toISOString(),
    minutes: Math.round((battle.endedAt.getTime() - battle.startedAt.getTime()) / 60_000),
    systems: battle.solarSystemIds.map((id) => ({ name: universe.systemName(id), url: entityUrl("system", id) })),
    kills: formatNumber(battle.killCount), pilots: formatNumber(battle.pilotCount), isk: formatIsk(battle.iskDestroyed),
  };
}
