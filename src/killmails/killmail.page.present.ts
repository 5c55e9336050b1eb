/** Assembles the kill page's view model from the data `loadKillmailDetail` returns. Pure. */
import { presentSummary } from "./killmail.list.present.ts";
import { formatIsk, formatNumber, formatSecurity, formatTime, securityClass, withArticle } from "../present/present.format.ts";
import { entityUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { HULL_NOT_RECORDED, presentPriceLines } from "./killmail.explain.present.ts";
import { buildEft, layoutItems, presentAttackers, presentLabels, presentVictim } from "./killmail.present.ts";
import type { KillmailDetail } from "./killmail.read.repository.ts";
import type { KillmailPageData } from "./killmail.read.usecases.ts";
import { esiKillmailUrl } from "./killmail.zkb.ts";

function presentLocation({ killmail, universe }: { killmail: KillmailDetail; universe: UniverseNames }) {
  const system = universe.system(killmail.solarSystemId);
  return {
    systemName: universe.systemName(killmail.solarSystemId), systemUrl: entityUrl("system", killmail.solarSystemId),
    security: formatSecurity(killmail.security), secClass: securityClass(killmail.security),
    constellationName: universe.constellationName(system?.constellationId), constellationUrl: entityUrl("constellation", system?.constellationId),
    regionName: universe.regionName(system?.regionId), regionUrl: entityUrl("region", system?.regionId),
    near: universe.celestialName({ solarSystemId: killmail.solarSystemId, celestialId: killmail.locationId }) ?? "",
  };
}

export function presentKillPage({ data, universe }: { data: KillmailPageData; universe: UniverseNames }) {
  const { killmail, attackers, items, names, hull } = data;
  const victim = presentVictim({ killmail, names, universe });
  return {
    title: `${victim.name} · ${victim.shipName} · ${formatIsk(killmail.totalValue)}`,
    description: `${victim.name} lost ${withArticle(victim.shipName)} worth ${formatIsk(killmail.totalValue)} ISK in ${universe.systemName(killmail.solarSystemId)}`,
    id: killmail.killmailId, isoTime: killmail.killmailTime.toISOString(), time: formatTime(killmail.killmailTime),
    victim, location: presentLocation({ killmail, universe }), labels: presentLabels({ labels: killmail.labels }),
    values: { hull: hull.unitPrice === null ? HULL_NOT_RECORDED : formatIsk(hull.unitPrice), fitted: formatIsk(killmail.fittedValue), dropped: formatIsk(killmail.droppedValue),
      destroyed: formatIsk(killmail.destroyedValue), total: formatIsk(killmail.totalValue) },
    points: formatNumber(killmail.points), damageTaken: formatNumber(killmail.victimDamageTaken),
    attackers: presentAttackers({ attackers, universe, names }), slots: layoutItems({ items, universe }),
    priceLines: presentPriceLines({ items, universe, hull }), eft: buildEft({ shipName: victim.shipName, items, universe }),
    related: data.related.map((row) => presentSummary({ row, context: { universe, names } })),
    esiUrl: killmail.hash ? esiKillmailUrl({ killmailId: killmail.killmailId, hash: killmail.hash }) : "",
  };
}
