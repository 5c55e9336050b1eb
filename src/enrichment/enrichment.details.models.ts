/**
 * Corporation and alliance details as stored (migration 00011), from ESI's answers. Pure. Player corporations
 * have ids above 1,999,999 and player pilots above 3,999,999 (RULES_THRESHOLDS); NPC ones come from the SDE.
 */
import type { AllianceDetail, CorporationDetail } from "../esi/esi.endpoints.ts";
import { RULES_THRESHOLDS } from "../killmails/rules.ts";
import type { EntityRef } from "./enrichment.repository.ts";

export type EntityDetails = EntityRef & {
  name: string | null;
  ticker: string | null;
  /** Corporations only: ESI's answer is the truth, so a corporation that left its alliance gets null. */
  allianceId: number | null;
  factionId: number | null;
  memberCount: number | null;
  ceoId: number | null;
  creatorId: number | null;
  executorCorporationId: number | null;
  dateFounded: string | null;
};

export const isPlayerCorporationId = (id: number) => id > RULES_THRESHOLDS.npcCorporationMaxId;
export const isPlayerCharacterId = (id: number) => id > RULES_THRESHOLDS.npcCharacterMaxId;

export function toCorporationDetails({ id, body }: { id: number; body: CorporationDetail }): EntityDetails {
  return {
    entityKind: "corporation", entityId: id, name: body.name ?? null, ticker: body.ticker ?? null,
    allianceId: body.alliance_id ?? null,
    // The 2020 routes say `faction_id`, the dated OpenAPI routes `enlisted_faction_id`.
    factionId: body.faction_id ?? body.enlisted_faction_id ?? null,
    memberCount: body.member_count ?? null, ceoId: body.ceo_id ?? null, creatorId: body.creator_id ?? null,
    executorCorporationId: null, dateFounded: body.date_founded ?? null,
  };
}

export function toAllianceDetails({ id, body }: { id: number; body: AllianceDetail }): EntityDetails {
  return {
    entityKind: "alliance", entityId: id, name: body.name ?? null, ticker: body.ticker ?? null, allianceId: null,
    factionId: body.faction_id ?? null, memberCount: null, ceoId: null, creatorId: body.creator_id ?? null,
    executorCorporationId: body.executor_corporation_id ?? null, dateFounded: body.date_founded ?? null,
  };
}

/**
 * CEOs and executors the board has not seen on a killmail still need a name for the page that links them: they
 * become entity rows for the names pass. ESI's CEO of a closed corporation is 1 ("EVE System"), not a pilot.
 */
export function leadersToName({ details }: { details: EntityDetails[] }): EntityRef[] {
  return details.flatMap((row): EntityRef[] => [
    ...(row.ceoId && isPlayerCharacterId(row.ceoId) ? [{ entityKind: "character" as const, entityId: row.ceoId }] : []),
    ...(row.executorCorporationId && isPlayerCorporationId(row.executorCorporationId)
      ? [{ entityKind: "corporation" as const, entityId: row.executorCorporationId }] : []),
  ]);
}
