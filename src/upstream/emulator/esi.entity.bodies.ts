/**
 * Bodies for /characters, /corporations and /alliances in the OpenAPI shapes (UPSTREAMS c.4). The bundle has
 * names and affiliations at most, so the other fields are derived from the id: stable, plausible, emulated.
 */
import { mixHash } from "../../killmails/killmail.synthetic.ts";
import type { EmulatorContext } from "./emulator.context.ts";
import type { Entities } from "./entities.ts";
import { generateTicker } from "./names.ts";

/** ESI's CEO of a corporation nobody is left in ("EVE System"). */
const NO_CEO_ID = 1;

/**
 * Leaders are members the emulator knows, so their names resolve too: a corporation's CEO is its lowest-id
 * pilot, an alliance's executor its lowest-id corporation. Built once per entity map (it is filled at start).
 */
const leadersByEntities = new WeakMap<Entities, { ceoOf: Map<number, number>; executorOf: Map<number, number> }>();
function leadersOf({ context }: { context: EmulatorContext }) {
  const known = leadersByEntities.get(context.entities);
  if (known) return known;
  const ceoOf = new Map<number, number>();
  const executorOf = new Map<number, number>();
  const keepLowest = (map: Map<number, number>, key: number, id: number) => map.set(key, Math.min(map.get(key) ?? id, id));
  for (const entity of context.entities.values()) {
    if (entity.kind === "character" && entity.corporation_id) keepLowest(ceoOf, entity.corporation_id, entity.id);
    if (entity.kind === "corporation" && entity.alliance_id) keepLowest(executorOf, entity.alliance_id, entity.id);
  }
  const leaders = { ceoOf, executorOf };
  leadersByEntities.set(context.entities, leaders);
  return leaders;
}

const dateFromId = ({ id, fromYear }: { id: number; fromYear: number }) => {
  const start = Date.UTC(fromYear, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  return new Date(start + (mixHash(id, 11) % Math.floor(span / 1000)) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
};

export function describeCharacter({ context, id }: { context: EmulatorContext; id: number }) {
  const entity = context.entities.get(id);
  if (!entity || entity.kind !== "character") return undefined;
  const body = {
    ...(entity.alliance_id ? { alliance_id: entity.alliance_id } : {}),
    birthday: dateFromId({ id, fromYear: 2004 }),
    bloodline_id: 1 + (mixHash(id, 12) % 15),
    corporation_id: entity.corporation_id ?? 1000125,
    description: "",
    ...(entity.faction_id ? { faction_id: entity.faction_id } : {}),
    gender: mixHash(id, 13) % 2 ? "female" : "male",
    name: entity.name,
    race_id: [1, 2, 4, 8][mixHash(id, 14) % 4],
    security_status: Math.round(((mixHash(id, 15) % 2000) / 100 - 10) * 1e6) / 1e6,
  };
  return { body, emulated: true };
}

function npcCorporation({ context, id }: { context: EmulatorContext; id: number }) {
  const row = context.universe.npcCorporations.get(id) as { name: string; ticker?: string; faction_id?: number } | undefined;
  if (!row) return undefined;
  const body = {
    description: "",
    ...(row.faction_id ? { faction_id: row.faction_id } : {}),
    home_station_id: 60000004,
    member_count: 0,
    name: row.name,
    shares: 0,
    tax_rate: 0,
    ticker: row.ticker ?? generateTicker({ id }),
  };
  return { body, emulated: true };
}

export function describeCorporation({ context, id }: { context: EmulatorContext; id: number }) {
  const entity = context.entities.get(id);
  if (!entity || entity.kind !== "corporation") return npcCorporation({ context, id });
  const ceoId = leadersOf({ context }).ceoOf.get(id) ?? NO_CEO_ID;
  const body = {
    ...(entity.alliance_id ? { alliance_id: entity.alliance_id } : {}),
    ceo_id: ceoId,
    creator_id: ceoId,
    date_founded: dateFromId({ id, fromYear: 2003 }),
    ...(entity.faction_id ? { faction_id: entity.faction_id } : {}),
    description: "",
    home_station_id: 60003760,
    member_count: 1 + (mixHash(id, 16) % 500),
    name: entity.name,
    shares: 1000,
    tax_rate: 0.1,
    ticker: generateTicker({ id }),
    war_eligible: true,
  };
  return { body, emulated: true };
}

export function describeAlliance({ context, id }: { context: EmulatorContext; id: number }) {
  const entity = context.entities.get(id);
  if (!entity || entity.kind !== "alliance") return undefined;
  const leaders = leadersOf({ context });
  const executorId = leaders.executorOf.get(id);
  const body = {
    creator_corporation_id: executorId ?? 98000001,
    creator_id: (executorId && leaders.ceoOf.get(executorId)) || 90000001,
    date_founded: dateFromId({ id, fromYear: 2005 }),
    // A closed alliance has no executor; ESI then leaves the field out.
    ...(executorId ? { executor_corporation_id: executorId } : {}),
    name: entity.name,
    ticker: generateTicker({ id }),
  };
  return { body, emulated: true };
}
