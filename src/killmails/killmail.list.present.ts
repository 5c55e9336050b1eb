/** Turns stored summary rows into the flat view models the list templates loop over (names resolved, values formatted). */
import type { EntityNames } from "../names/names.usecases.ts";
import { formatIsk, formatSecurity, formatTime, imageUrl, securityClass } from "../present/present.format.ts";
import { entityUrl, killUrl, labelUrl } from "../present/present.urls.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { KillmailSummary } from "./killmail.read.repository.ts";
import { labelText } from "./label.names.ts";

export type PresentContext = { universe: UniverseNames; names: EntityNames };

/** `lossOf` marks rows from the point of view of an entity page: its losses in red, its kills in green. */
export function presentSummary({ row, context, lossOf }: { row: KillmailSummary; context: PresentContext; lossOf?: (row: KillmailSummary) => boolean }) {
  const { universe, names } = context;
  const system = universe.system(row.solarSystemId);
  const victimIsCharacter = row.victimCharacterId != null;
  return {
    killmailId: row.killmailId,
    url: killUrl(row.killmailId),
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
    // A structure's victim is its owner corporation: the line below then names only the alliance, not the owner twice.
    victimCorpName: victimIsCharacter ? names.name("corporation", row.victimCorporationId) : "",
    victimCorpUrl: victimIsCharacter ? entityUrl("corporation", row.victimCorporationId) : "",
    victimAllianceName: row.victimAllianceId ? names.name("alliance", row.victimAllianceId) : "",
    victimAllianceUrl: entityUrl("alliance", row.victimAllianceId),
    finalBlowName: row.finalBlowCharacterId ? names.name("character", row.finalBlowCharacterId) : universe.typeName(row.finalBlowShipTypeId) || "NPC",
    finalBlowUrl: entityUrl("character", row.finalBlowCharacterId),
    attackers: row.solo ? "solo" : `${row.attackerCount} attacker${row.attackerCount === 1 ? "" : "s"}`,
    value: formatIsk(row.totalValue),
    labels: row.labels.filter((label) => !label.startsWith("tz:") && !label.startsWith("cat:"))
      .map((label) => ({ name: labelText({ label }), code: label, url: labelUrl(label) })),
    side: lossOf ? (lossOf(row) ? "loss" : "kill") : "",
  };
}
