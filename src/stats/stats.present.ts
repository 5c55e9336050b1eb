/** Top lists and home panels as the templates show them: names, links, readable scores. Pure. */
import type { EntityNames } from "../names/names.usecases.ts";
import { formatIsk, formatNumber } from "../present/present.format.ts";
import { entityUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { TopKind } from "../vocabulary/entity-kinds.ts";
import type { TopMetric } from "./stats.top.repository.ts";
import type { TopList } from "./stats.usecases.ts";

export const TOP_TITLES: Record<TopKind, string> = { character: "Pilots", corporation: "Corporations", alliance: "Alliances", ship: "Ships", system: "Systems" };

export function topEntityName({ kind, id, names, universe }: { kind: TopKind; id: number; names: EntityNames; universe: UniverseNames }) {
  if (kind === "ship") return universe.typeName(id);
  if (kind === "system") return universe.systemName(id);
  return names.name(kind, id);
}

export function presentTopRows({ list, names, universe, metric }: { list: TopList; names: EntityNames; universe: UniverseNames; metric: TopMetric }) {
  return list.rows.map((row) => ({
    name: topEntityName({ kind: list.kind, id: row.id, names, universe }), url: entityUrl(list.kind, row.id),
    score: metric === "isk" ? formatIsk(row.score) : formatNumber(row.score),
  }));
}

export function presentTopLists({ lists, names, universe, metric }: { lists: TopList[]; names: EntityNames; universe: UniverseNames; metric: TopMetric }) {
  return lists.map((list) => ({ id: `top-${list.kind}`, title: TOP_TITLES[list.kind], rows: presentTopRows({ list, names, universe, metric }) }));
}
