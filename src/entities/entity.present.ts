/** An entity page's header and statistics as the template shows them: links, pictures, readable figures, charts. Pure. */
import { toUtcDay } from "../app/time.ts";
import { formatIsk, formatNumber, imageUrl } from "../present/present.format.ts";
import { entityUrl, itemUrl } from "../present/present.urls.ts";
import { computeRatios } from "../stats/stats.models.ts";
import { renderHeatmap, renderMonthly } from "../stats/stats.svg.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { Affiliation, EntityIdentity, EntityStats, SecurityStatus, TopLists } from "./entity.usecases.ts";

/** Ships and players have pictures on the image server; places and groups do not. */
const PICTURED_KINDS = new Set(["ship", "character", "corporation", "alliance"]);

type Fact = { term: string; text: string; url: string; title?: string };

/** A pilot's standing with CONCORD, as EVE shows it (one decimal, no "-0.0"); not a system's security band. */
export const formatSecurityStatus = (status: number) => (Math.round(status * 10) / 10 || 0).toFixed(1);

/** The exact figure and the kill it is from are in the title. */
function securityFact(security: SecurityStatus): Fact {
  return { term: "Security status", text: formatSecurityStatus(security.status), url: "",
    title: `${security.status} on its latest kill as an attacker, ${toUtcDay(security.asOf)}` };
}

/** The facts list: a character's security status, a corporation's or alliance's details; what is unknown is left out, not shown empty. */
export function presentFacts({ entity }: { entity: EntityIdentity }): Fact[] {
  if (entity.security) return [securityFact(entity.security)];
  const { details } = entity;
  if (!details) return [];
  const plain = (term: string, text: string | null | undefined): Fact[] => (text ? [{ term, text, url: "" }] : []);
  const linked = (term: string, to: Affiliation | null | undefined): Fact[] => (to ? [{ term, text: to.name, url: entityUrl(to.kind, to.id) }] : []);
  return [
    ...plain("Ticker", entity.ticker),
    ...plain("Members", details.memberCount == null ? null : formatNumber(details.memberCount)),
    ...linked("CEO", details.ceo),
    ...linked("Executor", details.executor),
    ...(entity.kind === "corporation" ? linked("Alliance", entity.affiliations.find((a) => a.kind === "alliance")) : []),
    ...plain("Founded", details.dateFounded ? toUtcDay(details.dateFounded) : null),
  ];
}

/** A group page lists its types, each linking to its item page, at most this many. */
const GROUP_TYPES_SHOWN = 60;

export function presentIdentity({ entity, universe }: { entity: EntityIdentity; universe: Pick<UniverseNames, "typesOfGroup" | "typeName"> }) {
  return {
    name: entity.name, ticker: entity.ticker,
    image: PICTURED_KINDS.has(entity.kind) ? imageUrl({ kind: entity.kind, id: entity.id, size: 128 }) : "",
    affiliations: entity.affiliations.map((a) => ({ name: a.name, url: entityUrl(a.kind, a.id) })),
    facts: presentFacts({ entity }),
    // A ship is also an item: its page has the price and where it was dropped as cargo.
    itemUrl: entity.kind === "ship" ? itemUrl(entity.id) : "",
    groupTypes: entity.kind === "group"
      ? universe.typesOfGroup(entity.id).slice(0, GROUP_TYPES_SHOWN).map((typeId) => ({ name: universe.typeName(typeId), url: itemUrl(typeId) })) : [],
  };
}

function presentTops({ tops, period, names, universe }: { tops: TopLists; period: string; names: EntityStats["names"]; universe: UniverseNames }) {
  const ships = (rows: { id: number; count: number }[]) => rows.map((r) => ({ name: universe.typeName(r.id), url: entityUrl("ship", r.id), score: formatNumber(r.count) }));
  const slug = period === "7 days" ? "" : "-all-time";
  return [
    { id: `top-ships-used${slug}`, title: `Ships used (${period})`, rows: ships(tops.shipsUsed) },
    { id: `top-ships-lost${slug}`, title: `Ships lost (${period})`, rows: ships(tops.shipsLost) },
    { id: `top-opponents${slug}`, title: `Top opponents (${period})`, rows: tops.opponents.map((r) => ({ name: names.name("corporation", r.id), url: entityUrl("corporation", r.id), score: formatNumber(r.count) })) },
    { id: `top-systems${slug}`, title: `Top systems (${period})`, rows: tops.systems.map((r) => ({ name: universe.systemName(r.id), url: entityUrl("system", r.id), score: formatNumber(r.count) })) },
  ];
}

export function presentEntityStats({ stats, universe }: { stats: EntityStats; universe: UniverseNames }) {
  const { summary, names } = stats;
  return {
    summary,
    stats: { ...computeRatios({ summary }), shipsDestroyed: formatNumber(summary.shipsDestroyed), shipsLost: formatNumber(summary.shipsLost),
      iskDestroyed: formatIsk(summary.iskDestroyed), iskLost: formatIsk(summary.iskLost), pointsDestroyed: formatNumber(summary.pointsDestroyed),
      soloKills: formatNumber(summary.soloKills) },
    tops: presentTops({ tops: stats.week, period: "7 days", names, universe }),
    allTimeTops: presentTops({ tops: stats.allTime, period: "all time", names, universe }),
    heatmap: renderHeatmap({ cells: stats.activity }),
    monthly: renderMonthly({ months: stats.monthly.slice(0, 24) }),
  };
}
