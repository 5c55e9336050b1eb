/**
 * What campaigns do: made (CLI or a logged-in user), found, counted, listed. The page and `/api/v1/campaigns/<id>`
 * both take their totals from loadCampaignTotals, so they are the same figures by construction.
 */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { createCampaignNotFoundError } from "./campaigns.errors.ts";
import { createCampaignRepository, type Campaign } from "./campaigns.repository.ts";
import type { CampaignInput } from "./campaigns.schemas.ts";
import { CAMPAIGN_TOP_PLAYER_KINDS, createCampaignStatsRepository } from "./campaigns.stats.repository.ts";

const TOP_SIZE = 10;

export function createCampaign({ sql, input, createdBy = null }: { sql: Sql; input: CampaignInput; createdBy?: number | null }) {
  return createCampaignRepository({ sql }).insertCampaign({ ...input, createdBy });
}

/** The campaign, or a 404 naming it. */
export async function getCampaign({ sql, id }: { sql: Sql; id: number }) {
  const campaign = await createCampaignRepository({ sql }).findCampaign({ id });
  if (!campaign) throw createCampaignNotFoundError({ id });
  return campaign;
}

export type CampaignTotals = {
  kills: number; iskDestroyed: number; points: number;
  /** Only for a campaign with sides: what each group lost (a kill whose victim side holds both counts for both). */
  sides: { a: { shipsLost: number; iskLost: number }; b: { shipsLost: number; iskLost: number } } | null;
};

export async function loadCampaignTotals({ sql, campaign }: { sql: Sql; campaign: Campaign }): Promise<CampaignTotals> {
  const row = await createCampaignRepository({ sql }).totals({ filter: campaign.filter });
  return {
    kills: row.kills, iskDestroyed: row.iskDestroyed, points: row.points,
    sides: campaign.filter.sides ? { a: { shipsLost: row.lostA, iskLost: row.iskLostA }, b: { shipsLost: row.lostB, iskLost: row.iskLostB } } : null,
  };
}

/** Top lists and the heatmap, with one name look-up for every player they show. */
export async function loadCampaignStats({ sql, universe, campaign }: { sql: Sql; universe: UniverseNames; campaign: Campaign }) {
  const stats = createCampaignStatsRepository({ sql });
  const { filter } = campaign;
  const [players, shipsLost, systems, activity] = await Promise.all([
    Promise.all(CAMPAIGN_TOP_PLAYER_KINDS.map((kind) => stats.topAttackers({ filter, kind, limit: TOP_SIZE }))),
    stats.topShipsLost({ filter, limit: TOP_SIZE }), stats.topSystems({ filter, limit: TOP_SIZE }), stats.activity({ filter }),
  ]);
  const keys = CAMPAIGN_TOP_PLAYER_KINDS.flatMap((kind, index) => players[index]!.map((row) => ({ kind, id: row.id })));
  const sideKeys = [...(filter.entities ?? []), ...(filter.sides?.a ?? []), ...(filter.sides?.b ?? [])].filter((one) => one.kind !== "faction");
  const names = await resolveEntityNames({ sql, universe, keys: [...keys, ...sideKeys] as { kind: "character" | "corporation" | "alliance"; id: number }[] });
  const [characters, corporations, alliances] = players as [typeof shipsLost, typeof shipsLost, typeof shipsLost];
  return { characters, corporations, alliances, shipsLost, systems, activity, names };
}
export type CampaignStats = Awaited<ReturnType<typeof loadCampaignStats>>;

export const listCampaigns = ({ sql, limit, createdBy }: { sql: Sql; limit: number; createdBy?: number }) =>
  createCampaignRepository({ sql }).listCampaigns({ limit, createdBy });
