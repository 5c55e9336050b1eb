/** `/kill/{id}/`: one killmail with its fit, values explained line by line, attackers and related kills. */
import { Hono } from "hono";
import { resolveEntityNames, type EntityNames, type UniverseNames } from "../entities/names.usecases.ts";
import { buildEft, layoutItems, presentAttackers, presentPriceLines, ruleOfLabel } from "../web/kill.present.ts";
import type { WebDeps } from "../web/web.deps.ts";
import { createNotFoundError } from "../web/web.errors.ts";
import { formatIsk, formatNumber, formatSecurity, formatTime, imageUrl, securityClass } from "../web/web.format.ts";
import { HOUR_MS } from "../web/web.lists.ts";
import { entityUrl, presentSummaries } from "../web/web.present.ts";
import { createKillmailReadRepository, type KillmailDetail } from "./killmail.read.repository.ts";

/** Killmails never change; names and prices can, so pages are cached for minutes, not forever. */
export const KILL_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";

export function parseKillmailId(text: string) {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

function presentVictim({ killmail, names, universe }: { killmail: KillmailDetail; names: EntityNames; universe: UniverseNames }) {
  const isCharacter = killmail.victimCharacterId != null;
  return {
    name: isCharacter ? names.name("character", killmail.victimCharacterId) : names.name("corporation", killmail.victimCorporationId),
    isCharacter, url: isCharacter ? entityUrl("character", killmail.victimCharacterId) : entityUrl("corporation", killmail.victimCorporationId),
    corpName: names.name("corporation", killmail.victimCorporationId), corpUrl: entityUrl("corporation", killmail.victimCorporationId),
    allianceName: names.name("alliance", killmail.victimAllianceId), allianceUrl: entityUrl("alliance", killmail.victimAllianceId),
    shipName: universe.typeName(killmail.victimShipTypeId), shipUrl: entityUrl("ship", killmail.victimShipTypeId),
    shipImage: imageUrl({ kind: "ship", id: killmail.victimShipTypeId, size: 128 }),
    groupName: universe.groupName(killmail.victimShipGroupId), groupUrl: entityUrl("group", killmail.victimShipGroupId),
  };
}

function presentLocation({ killmail, universe }: { killmail: KillmailDetail; universe: UniverseNames }) {
  const system = universe.system(killmail.solarSystemId);
  return {
    systemName: universe.systemName(killmail.solarSystemId), systemUrl: entityUrl("system", killmail.solarSystemId),
    security: formatSecurity(killmail.security), secClass: securityClass(killmail.security),
    constellationName: universe.constellationName(system?.constellationId), constellationUrl: entityUrl("constellation", system?.constellationId),
    regionName: universe.regionName(system?.regionId), regionUrl: entityUrl("region", system?.regionId),
  };
}

function presentLabels({ labels }: { labels: string[] }) {
  return labels.map((label) => {
    const rule = ruleOfLabel(label);
    return { name: label, url: rule ? `/labels/#rule-${rule.id}` : `/label/${encodeURIComponent(label)}/`, rule: rule?.title ?? "" };
  });
}

async function loadKillPage({ deps, killmailId }: { deps: WebDeps; killmailId: number }) {
  const reads = createKillmailReadRepository({ sql: deps.sql });
  const found = await reads.findKillmail({ killmailId });
  if (!found) throw createNotFoundError({ what: `Killmail ${killmailId}` });
  const { killmail, attackers, items } = found;
  const { universe } = deps;
  const time = killmail.killmailTime.getTime();
  const [names, relatedRows] = await Promise.all([
    resolveEntityNames({ sql: deps.sql, universe, keys: [
      { kind: "character", id: killmail.victimCharacterId ?? 0 }, { kind: "corporation", id: killmail.victimCorporationId ?? 0 },
      { kind: "alliance", id: killmail.victimAllianceId ?? 0 },
      ...attackers.flatMap((a) => [{ kind: "character" as const, id: a.characterId ?? 0 }, { kind: "corporation" as const, id: a.corporationId ?? 0 }]),
    ] }),
    reads.listKillmails({ filter: { solarSystemId: killmail.solarSystemId, since: new Date(time - HOUR_MS), until: new Date(time + HOUR_MS), limit: 21 } }),
  ]);
  // The hull's own price is not stored: it is what the total holds beyond the items.
  const itemsValue = items.reduce((sum, item) => sum + item.unitPrice * (item.quantityDropped + item.quantityDestroyed), 0);
  const hull = { unitPrice: Math.max(0, killmail.totalValue - itemsValue), priceSource: "hull (total minus items)" };
  const victim = presentVictim({ killmail, names, universe });
  const formatted = formatIsk;
  return {
    title: `${victim.name} · ${victim.shipName} · ${formatted(killmail.totalValue)}`,
    description: `${victim.name} lost a ${victim.shipName} worth ${formatted(killmail.totalValue)} ISK in ${universe.systemName(killmail.solarSystemId)}`,
    id: killmail.killmailId, isoTime: killmail.killmailTime.toISOString(), time: formatTime(killmail.killmailTime),
    victim, location: presentLocation({ killmail, universe }), labels: presentLabels({ labels: killmail.labels }),
    values: { hull: formatted(hull.unitPrice), fitted: formatted(killmail.fittedValue), dropped: formatted(killmail.droppedValue),
      destroyed: formatted(killmail.destroyedValue), total: formatted(killmail.totalValue) },
    points: formatNumber(killmail.points), damageTaken: formatNumber(killmail.victimDamageTaken),
    attackers: presentAttackers({ attackers, universe, names }), slots: layoutItems({ items, universe }),
    priceLines: presentPriceLines({ killmail, items, universe, hull }), eft: buildEft({ shipName: victim.shipName, items, universe }),
    related: await presentSummaries({ sql: deps.sql, universe, rows: relatedRows.filter((row) => row.killmailId !== killmailId).slice(0, 20) }),
    esiUrl: killmail.hash ? `https://esi.evetech.net/killmails/${killmail.killmailId}/${killmail.hash}/` : "",
  };
}

export function createKillmailRoutes({ deps }: { deps: WebDeps }) {
  return new Hono().get("/kill/:id{[^/]+}/", async (c) => {
    const killmailId = parseKillmailId(c.req.param("id"));
    if (killmailId == null) throw createNotFoundError({ what: "Killmail" });
    const page = await loadKillPage({ deps, killmailId });
    return c.html(deps.renderer.render("kill", page), 200, { "Cache-Control": KILL_CACHE_CONTROL });
  });
}
