/** A campaign's page and list as the templates show them (pure): readable figures, links, the heatmap, the filter in words. */
import { formatIsk, formatNumber, formatTime } from "../present/present.format.ts";
import { entityUrl, labelUrl } from "../present/present.urls.ts";
import { renderHeatmap } from "../stats/stats.svg.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { EntityNames } from "../names/names.usecases.ts";
import type { Campaign } from "./campaigns.repository.ts";
import type { CampaignFilter } from "./campaigns.schemas.ts";
import { CAMPAIGN_STATS_SCAN } from "./campaigns.stats.repository.ts";
import type { CampaignStats, CampaignTotals } from "./campaigns.usecases.ts";

export const campaignUrl = (id: number) => `/campaign/${id}/`;

type Link = { name: string; url: string };
type Context = { universe: UniverseNames; names: Pick<EntityNames, "name"> };

function entityLink({ kind, id }: { kind: string; id: number }, { universe, names }: Context): Link {
  return { name: kind === "faction" ? universe.factionName(id) : names.name(kind, id), url: entityUrl(kind, id) };
}

/** Each condition of the filter as a term and its links or text, in the order the schema documents them. */
export function describeFilter({ filter, context }: { filter: CampaignFilter; context: Context }) {
  const { universe } = context;
  const rows: { term: string; links: Link[]; text?: string }[] = [];
  const entities = (list: { kind: string; id: number }[]) => list.map((one) => entityLink(one, context));
  if (filter.entities) rows.push({ term: "Involving (either side)", links: entities(filter.entities) });
  if (filter.sides) rows.push({ term: "Side A", links: entities(filter.sides.a) }, { term: "Side B", links: entities(filter.sides.b) });
  const places = [
    ...(filter.solarSystemIds ?? []).map((id) => ({ name: universe.systemName(id), url: entityUrl("system", id) })),
    ...(filter.constellationIds ?? []).map((id) => ({ name: universe.constellationName(id), url: entityUrl("constellation", id) })),
    ...(filter.regionIds ?? []).map((id) => ({ name: universe.regionName(id), url: entityUrl("region", id) })),
  ];
  if (places.length) rows.push({ term: "In any of", links: places });
  if (filter.from || filter.to) {
    rows.push({ term: "Time (UTC)", links: [], text: `${filter.from ? formatTime(new Date(filter.from)) : "the start"} to ${filter.to ? formatTime(new Date(filter.to)) : "now"}` });
  }
  if (filter.labels) rows.push({ term: "Labels (all of)", links: filter.labels.map((label) => ({ name: label, url: labelUrl(label) })) });
  if (filter.minValue !== undefined || filter.maxValue !== undefined) {
    rows.push({ term: "Value", links: [], text: `${formatIsk(filter.minValue ?? 0)} to ${filter.maxValue === undefined ? "any" : formatIsk(filter.maxValue)}` });
  }
  return rows;
}

export function presentTotals({ totals }: { totals: CampaignTotals }) {
  return {
    kills: formatNumber(totals.kills), iskDestroyed: formatIsk(totals.iskDestroyed), points: formatNumber(totals.points),
    sides: totals.sides && {
      a: { shipsLost: formatNumber(totals.sides.a.shipsLost), iskLost: formatIsk(totals.sides.a.iskLost) },
      b: { shipsLost: formatNumber(totals.sides.b.shipsLost), iskLost: formatIsk(totals.sides.b.iskLost) },
    },
  };
}

export function presentCampaignStats({ stats, universe, totals }: { stats: CampaignStats; universe: UniverseNames; totals: CampaignTotals }) {
  const score = (count: number) => formatNumber(count);
  const players = (kind: "character" | "corporation" | "alliance", rows: { id: number; count: number }[]) =>
    rows.map((row) => ({ name: stats.names.name(kind, row.id), url: entityUrl(kind, row.id), score: score(row.count) }));
  return {
    tops: [
      { id: "top-characters", title: "Top pilots (kills)", rows: players("character", stats.characters) },
      { id: "top-corporations", title: "Top corporations (kills)", rows: players("corporation", stats.corporations) },
      { id: "top-alliances", title: "Top alliances (kills)", rows: players("alliance", stats.alliances) },
      { id: "top-ships", title: "Ships destroyed", rows: stats.shipsLost.map((row) => ({ name: universe.typeName(row.id), url: entityUrl("ship", row.id), score: score(row.count) })) },
      { id: "top-systems", title: "Systems", rows: stats.systems.map((row) => ({ name: universe.systemName(row.id), url: entityUrl("system", row.id), score: score(row.count) })) },
    ],
    heatmap: renderHeatmap({ cells: stats.activity }),
    statsNote: totals.kills > CAMPAIGN_STATS_SCAN ? `Top lists and activity cover the newest ${formatNumber(CAMPAIGN_STATS_SCAN)} kills.` : "",
  };
}

export function presentCampaignHeader({ campaign, context }: { campaign: Campaign; context: Context }) {
  return {
    id: campaign.id, name: campaign.name, about: campaign.description ?? "", url: campaignUrl(campaign.id),
    created: formatTime(campaign.createdAt), conditions: describeFilter({ filter: campaign.filter, context }), hasSides: !!campaign.filter.sides,
    apiUrl: `/api/v1/campaigns/${campaign.id}`, listApiUrl: `/api/v1/killmails?campaign=${campaign.id}`,
  };
}
