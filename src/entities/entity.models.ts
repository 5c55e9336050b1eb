/** How each entity page filters killmails and marks its losses. Pure. */
import type { KillmailFilter, Role } from "../killmails/killmail.queries.ts";
import type { KillmailSummary } from "../killmails/killmail.read.repository.ts";
import type { EntityKind, PartyKind } from "../vocabulary/entity-kinds.ts";

export const TABS = ["all", "kills", "losses", "solo"] as const;
export type Tab = (typeof TABS)[number];

export const KIND_TITLES: Record<EntityKind, string> = {
  character: "Character", corporation: "Corporation", alliance: "Alliance", faction: "Faction", ship: "Ship",
  group: "Ship group", system: "Solar system", constellation: "Constellation", region: "Region",
};

/** The list filter behind a tab. Location pages have no sides: every killmail there is listed. */
export function filterForTab({ kind, id, tab }: { kind: EntityKind; id: number; tab: Tab }): Omit<KillmailFilter, "limit" | "cursor"> {
  const labels = tab === "solo" ? ["solo"] : undefined;
  if (kind === "system") return { solarSystemId: id, labels };
  if (kind === "constellation") return { constellationId: id, labels };
  if (kind === "region") return { regionId: id, labels };
  const role: Role = tab === "kills" || tab === "solo" ? "attacker" : tab === "losses" ? "victim" : "any";
  return { entity: { kind: kind as PartyKind, id, role }, labels };
}

/** Whether a listed killmail is a loss of the entity (drawn red on its page). */
export function isLossOf({ kind, id }: { kind: EntityKind; id: number }) {
  const column: Partial<Record<EntityKind, keyof KillmailSummary>> = {
    character: "victimCharacterId", corporation: "victimCorporationId", alliance: "victimAllianceId",
    ship: "victimShipTypeId", group: "victimShipGroupId",
  };
  const key = column[kind];
  return key ? (row: KillmailSummary) => row[key] === id : undefined;
}
