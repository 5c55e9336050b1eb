/** Assembles the kill page's view model from the data `createKillmailReader().loadKillmailDetail` returns. Pure. */
import { presentSummary } from "./killmail.list.present.ts";
import { formatIsk, formatNumber, formatSecurity, formatTime, securityClass, withArticle } from "../present/present.format.ts";
import { battleUrl, entityUrl, relatedUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { HULL_NOT_RECORDED, presentPriceLines } from "./killmail.explain.present.ts";
import { ATTACKERS_PAGE_SIZE, buildDna, buildEft, buildEsiFitting, layoutItems, presentAttackers, presentAttackerSummary, presentLabels, presentVictim, TOP_ATTACKERS, topDamageIndex } from "./killmail.present.ts";
import type { BattleOfKill, KillmailDetail } from "./killmail.read.repository.ts";
import type { KillmailPageData } from "./killmail.read.usecases.ts";
import { esiKillmailUrl } from "./killmail.zkb.ts";
import { renderFittingWheel } from "./killmail.wheel.ts";

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

function presentBattleLink({ battle, universe }: { battle: BattleOfKill | null; universe: UniverseNames }) {
  if (!battle) return null;
  return { url: battleUrl(battle.battleId), systems: battle.solarSystemIds.map((id) => universe.systemName(id)).join(", "), kills: formatNumber(battle.killCount),
    isoTime: battle.startedAt.toISOString(), time: `${formatTime(battle.startedAt)}–${formatTime(battle.endedAt).slice(11)}` };
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
    attackers: presentAttackers({ attackers: attackers.slice(0, TOP_ATTACKERS), universe, names }), attackerCount: formatNumber(attackers.length),
    moreAttackers: attackers.length > TOP_ATTACKERS, allAttackersUrl: `/kill/${killmail.killmailId}/attackers/`,
    summary: presentAttackerSummary({ attackers, universe, names }), slots: layoutItems({ items, universe }),
    wheel: renderFittingWheel({ items, shipTypeId: killmail.victimShipTypeId, types: { typeName: universe.typeName, categoryOf: (id) => universe.type(id)?.categoryId ?? null } }),
    priceLines: presentPriceLines({ items, universe, hull }), eft: buildEft({ shipName: victim.shipName, fitName: `Killmail ${killmail.killmailId}`, items, universe }),
    dna: buildDna({ shipTypeId: killmail.victimShipTypeId, items, universe }),
    esiFitting: JSON.stringify(buildEsiFitting({ shipTypeId: killmail.victimShipTypeId, name: `Killmail ${killmail.killmailId}`, items, universe }), null, 2),
    related: data.related.map((row) => presentSummary({ row, context: { universe, names } })),
    relatedUrl: relatedUrl({ solarSystemId: killmail.solarSystemId, time: killmail.killmailTime }), battle: presentBattleLink({ battle: data.battle, universe }),
    esiUrl: killmail.hash ? esiKillmailUrl({ killmailId: killmail.killmailId, hash: killmail.hash }) : "",
  };
}

/** `/kill/{id}/attackers/?page=n`: a hundred attackers a page, by damage; null past the last page. */
export function presentAttackersPage({ data, universe, page }: { data: KillmailPageData; universe: UniverseNames; page: string | undefined }) {
  const number = page === undefined ? 1 : Number(page);
  const pages = Math.max(1, Math.ceil(data.attackers.length / ATTACKERS_PAGE_SIZE));
  if (!Number.isInteger(number) || number < 1 || number > pages) return null;
  const from = (number - 1) * ATTACKERS_PAGE_SIZE;
  const shown = presentAttackers({
    attackers: data.attackers.slice(from, from + ATTACKERS_PAGE_SIZE), topIndex: topDamageIndex({ attackers: data.attackers }), universe, names: data.names,
  });
  const victim = presentVictim({ killmail: data.killmail, names: data.names, universe });
  const pageUrl = (n: number) => `/kill/${data.killmail.killmailId}/attackers/${n === 1 ? "" : `?page=${n}`}`;
  return {
    title: `Attackers · ${victim.name} · ${victim.shipName}`, description: `Every attacker on the kill of ${victim.name}'s ${victim.shipName}`,
    killUrl: `/kill/${data.killmail.killmailId}/`, victimName: victim.name, shipName: victim.shipName,
    attackers: shown, from: from + 1, to: Math.min(data.attackers.length, from + ATTACKERS_PAGE_SIZE),
    total: formatNumber(data.attackers.length), previous: number > 1 ? pageUrl(number - 1) : null, next: number < pages ? pageUrl(number + 1) : null,
  };
}
