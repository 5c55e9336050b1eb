/**
 * Whether a stored killmail belongs to a campaign (pure), over the live record every live surface carries. The SQL
 * in campaigns.repository.ts (campaignConditions) says the same thing; campaigns.sql.int.test.ts holds them to it.
 */
import type { CampaignFilter } from "./campaigns.schemas.ts";

/** What a campaign matches on: the parts of the live record (live.types.ts LiveRecord) it reads. */
type CampaignInvolvement = { kind: string; id: number; victim: boolean };
export type CampaignRecord = {
  killmailTime: string; solarSystemId: number; constellationId: number | null; regionId: number | null;
  zkb: { totalValue: number; labels: string[] }; involvement: CampaignInvolvement[];
};

type Entity = { kind: string; id: number };
type Side = "victim" | "attacker" | "either";

const onSide = (entry: CampaignInvolvement, side: Side) => side === "either" || entry.victim === (side === "victim");

export function involves({ record, entities, side }: { record: Pick<CampaignRecord, "involvement">; entities: Entity[]; side: Side }) {
  return record.involvement.some((entry) => onSide(entry, side) && entities.some((one) => one.kind === entry.kind && one.id === entry.id));
}

const inList = (list: number[] | undefined, value: number | null) => !!list && value !== null && list.includes(value);

function inPlace({ filter, record }: { filter: CampaignFilter; record: CampaignRecord }) {
  if (!filter.solarSystemIds && !filter.constellationIds && !filter.regionIds) return true;
  return inList(filter.solarSystemIds, record.solarSystemId) || inList(filter.constellationIds, record.constellationId)
    || inList(filter.regionIds, record.regionId);
}

/** Which of the two groups lost the ship: `a` when the victim side holds an entity of a (both when it holds both). */
export function losingSides({ sides, record }: { sides: NonNullable<CampaignFilter["sides"]>; record: Pick<CampaignRecord, "involvement"> }) {
  return { a: involves({ record, entities: sides.a, side: "victim" }), b: involves({ record, entities: sides.b, side: "victim" }) };
}

function matchesSides({ sides, record }: { sides: NonNullable<CampaignFilter["sides"]>; record: CampaignRecord }) {
  const lost = losingSides({ sides, record });
  return (lost.a && involves({ record, entities: sides.b, side: "attacker" })) || (lost.b && involves({ record, entities: sides.a, side: "attacker" }));
}

export function matchesCampaign({ filter, record }: { filter: CampaignFilter; record: CampaignRecord }) {
  const value = record.zkb.totalValue;
  if (filter.minValue !== undefined && value < filter.minValue) return false;
  if (filter.maxValue !== undefined && value > filter.maxValue) return false;
  const time = Date.parse(record.killmailTime);
  if (filter.from !== undefined && time < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && time >= Date.parse(filter.to)) return false;
  if (filter.labels && !filter.labels.every((label) => record.zkb.labels.includes(label))) return false;
  if (!inPlace({ filter, record })) return false;
  if (filter.entities) return involves({ record, entities: filter.entities, side: "either" });
  if (filter.sides) return matchesSides({ sides: filter.sides, record });
  return true;
}

/**
 * The one key of the ws hub's index (ws.v1.ts recordKeysOf) every matching record has: a single entity, system or
 * label the campaign requires; "*" (offered every kill, then matched in full) when it requires none on its own.
 */
export function campaignKeyOf({ filter }: { filter: CampaignFilter }) {
  const required = filter.entities ?? (filter.sides && filter.sides.a.length === 1 ? filter.sides.a : undefined);
  if (required?.length === 1) return `e:${required[0]!.kind}:${required[0]!.id}`;
  if (filter.solarSystemIds?.length === 1 && !filter.constellationIds && !filter.regionIds) return `s:${filter.solarSystemIds[0]}`;
  if (filter.labels?.length) return `l:${filter.labels[0]}`;
  return "*";
}
