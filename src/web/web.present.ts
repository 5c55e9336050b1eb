/** Turns stored rows into the flat view models the templates loop over (names resolved, values formatted). */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames, type EntityKey, type EntityNames, type UniverseNames } from "../entities/names.usecases.ts";
import type { KillmailSummary } from "../killmails/killmail.read.repository.ts";
import { formatIsk, formatSecurity, formatTime, imageUrl, securityClass } from "./web.format.ts";

export const labelUrl = (label: string) => `/label/${encodeURIComponent(label)}/`;
export const entityUrl = (kind: string, id: number | null | undefined) => (id ? `/${kind}/${id}/` : "");

export function summaryEntityKeys(rows: KillmailSummary[]): EntityKey[] {
  return rows.flatMap((row) => [
    { kind: "character" as const, id: row.victimCharacterId ?? 0 },
    { kind: "corporation" as const, id: row.victimCorporationId ?? 0 },
    { kind: "alliance" as const, id: row.victimAllianceId ?? 0 },
    { kind: "character" as const, id: row.finalBlowCharacterId ?? 0 },
  ]);
}

export type PresentContext = { universe: UniverseNames; names: EntityNames };

/** `side` marks rows from the point of view of an entity page: its losses in red, its kills in green. */
export function presentSummary({ row, context, lossOf }: { row: KillmailSummary; context: PresentContext; lossOf?: (row: KillmailSummary) => boolean }) {
  const { universe, names } = context;
  const system = universe.system(row.solarSystemId);
  const victimIsCharacter = row.victimCharacterId != null;
  return {
    url: `/kill/${row.killmailId}/`,
    isoTime: row.killmailTime.toISOString(),
    time: formatTime(row.killmailTime),
    shipName: universe.typeName(row.victimShipTypeId),
    shipUrl: entityUrl("ship", row.victimShipTypeId),
    shipIcon: imageUrl({ kind: "ship", id: row.victimShipTypeId, size: 32 }),
    systemName: universe.systemName(row.solarSystemId),
    systemUrl: entityUrl("system", row.solarSystemId),
    security: formatSecurity(row.security),
    secClass: securityClass(row.security),
    regionName: universe.regionName(system?.regionId ?? row.regionId),
    victimName: victimIsCharacter ? names.name("character", row.victimCharacterId) : names.name("corporation", row.victimCorporationId),
    victimUrl: victimIsCharacter ? entityUrl("character", row.victimCharacterId) : entityUrl("corporation", row.victimCorporationId),
    victimCorpName: names.name("corporation", row.victimCorporationId),
    victimCorpUrl: entityUrl("corporation", row.victimCorporationId),
    finalBlowName: row.finalBlowCharacterId ? names.name("character", row.finalBlowCharacterId) : universe.typeName(row.finalBlowShipTypeId) || "NPC",
    finalBlowUrl: entityUrl("character", row.finalBlowCharacterId),
    attackers: row.solo ? "solo" : `${row.attackerCount} attacker${row.attackerCount === 1 ? "" : "s"}`,
    value: formatIsk(row.totalValue),
    labels: row.labels.filter((label) => !label.startsWith("tz:") && !label.startsWith("cat:")).map((label) => ({ name: label, url: labelUrl(label) })),
    side: lossOf ? (lossOf(row) ? "loss" : "kill") : "",
  };
}

export async function presentSummaries({ sql, universe, rows, lossOf }: {
  sql: Sql; universe: UniverseNames; rows: KillmailSummary[]; lossOf?: (row: KillmailSummary) => boolean;
}) {
  const names = await resolveEntityNames({ sql, universe, keys: summaryEntityKeys(rows) });
  return rows.map((row) => presentSummary({ row, context: { universe, names }, lossOf }));
}
