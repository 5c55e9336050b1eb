/** A stored killmail as every live surface sends it: numbered by the live sequence, with what filters match on. */
import type { ZkbBlock } from "../killmails/killmail.zkb.ts";
import type { MatchFilter } from "../api/api.filter.ts";
import type { PartyKind } from "../vocabulary/entity-kinds.ts";
import type { CampaignFilter } from "../campaigns/campaigns.schemas.ts";

/** One entity on one side of the kill, as killmail_involvement holds it. */
export type LiveInvolvement = { kind: PartyKind; id: number; victim: boolean; finalBlow: boolean };

export type LiveRecord = {
  sequence: number;
  killmailId: number;
  hash: string | null;
  killmailTime: string;
  storedAt: string;
  /** The ESI body as stored text: its snake_case keys are sent as ESI wrote them. */
  esiText: string;
  zkb: ZkbBlock;
  solarSystemId: number;
  constellationId: number | null;
  regionId: number | null;
  victimShipTypeId: number;
  victimShipGroupId: number | null;
  involvement: LiveInvolvement[];
};

/** The matching part of `/api/v1/killmails`' query: `{}` matches everything; a campaign's saved filter is the whole filter. */
export type LiveFilter = MatchFilter & { campaign?: CampaignFilter };
