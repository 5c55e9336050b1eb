/**
 * zKillboard's `/api/{modifier}/{value}/…/` grammar (UPSTREAMS §b.2, view/api.php, classes/Util.php), parsed
 * into our killmail filter. Pure: the route passes `now`. Errors carry zKillboard's wording where it has one.
 */
import type { KillmailFilter, Role } from "../killmails/killmail.queries.ts";
import { INT4_MAX, fitsKindColumn, type EntityKind, type PartyKind } from "../vocabulary/entity-kinds.ts";
import type { KillmailApiRow } from "../killmails/killmail.read.repository.ts";
import { toKillmailJson, zkbFromRow } from "../killmails/killmail.zkb.ts";

export const ZKB_PAGE_SIZE = 200;
export const ZKB_MAX_PAGE = 100;
/** zKillboard hides kills younger than 5 minutes from the API. */
export const ZKB_MIN_AGE_MS = 300_000;
const MAX_PAST_SECONDS = 7 * 86_400;

const ENTITY_MODIFIERS: Record<string, PartyKind> = {
  characterID: "character", corporationID: "corporation", allianceID: "alliance", factionID: "faction",
  shipTypeID: "ship", groupID: "group",
};
const NUMBER_MODIFIERS = ["solarSystemID", "constellationID", "regionID", "locationID", "warID", "killID", "pastSeconds", "year", "month", "iskValue", "page", "npc", "awox"];
const FLAG_LABELS: Record<string, string> = {
  "w-space": "loc:w-space", lowsec: "loc:lowsec", nullsec: "loc:nullsec", highsec: "loc:highsec", abyssal: "loc:abyssal",
  pochven: "loc:pochven", solo: "solo", ganked: "ganked",
};
/** The kind each id modifier names; also the types of `/api/stats/{type}/{id}/`. */
const ID_KINDS: Record<string, EntityKind> = {
  ...ENTITY_MODIFIERS, solarSystemID: "system", constellationID: "constellation", regionID: "region",
};
/** Own keys only: a path segment such as `constructor` must not find Object.prototype's. */
export const findIdKind = (key: string) => (Object.hasOwn(ID_KINDS, key) ? ID_KINDS[key] : undefined);
/** Whether a modifier's value fits its column: 15 digits always fit bigint, int4 ids stop at INT4_MAX. */
export const fitsIdColumn = ({ key, value }: { key: string; value: number }) => {
  const kind = findIdKind(key);
  return !kind || fitsKindColumn({ kind, id: value });
};
/** EVE's first killmails are from 2003; the bound also keeps Date.UTC finite. */
const YEARS = { first: 2003, last: 2100 };
const DISABLED = new Set(["zkbOnly", "limit", "no-items", "no-attackers", "asc", "desc", "json", "beforeKillID", "afterKillID", "orderDirection", "startTime", "endTime", "xml"]);

export type ZkbQuery = { filter: KillmailFilter; pretty: boolean };

type State = { filter: KillmailFilter; role: Role; entities: { kind: PartyKind; id: number }[]; page: number; pretty: boolean; year?: number; month?: number };

function applyNumber(state: State, key: string, value: number): string | null {
  const { filter } = state;
  if (Object.hasOwn(ENTITY_MODIFIERS, key)) state.entities.push({ kind: ENTITY_MODIFIERS[key]!, id: value });
  else if (key === "solarSystemID") filter.solarSystemId = value;
  else if (key === "constellationID") filter.constellationId = value;
  else if (key === "regionID") filter.regionId = value;
  else if (key === "locationID") filter.locationId = value;
  else if (key === "warID") filter.warId = value;
  else if (key === "killID") filter.killmailId = value;
  else if (key === "npc" || key === "awox") {
    if (value !== 0 && value !== 1) return `${key} must be 0 or 1`;
    filter[key] = value === 1;
  } else if (key === "iskValue") {
    if (value % 5_000_000_000 !== 0) return "iskValue must be a multiple of 5000000000";
    filter.minValue = value;
  } else if (key === "pastSeconds") {
    if (value <= 0 || value > MAX_PAST_SECONDS || value % 3600 !== 0) return "pastSeconds must be a multiple of 3600 and at most 604800";
    filter.since = new Date(-value * 1000); // made absolute against `now` once parsing is done
  } else if (key === "page") {
    if (value < 1 || value > ZKB_MAX_PAGE) return `page must be between 1 and ${ZKB_MAX_PAGE}`;
    state.page = value;
  } else if (key === "year") {
    if (value < YEARS.first || value > YEARS.last) return `year must be between ${YEARS.first} and ${YEARS.last}`;
    state.year = value;
  } else if (key === "month") {
    if (value < 1 || value > 12) return "month must be between 1 and 12";
    state.month = value;
  }
  return null;
}

function applyFlag(state: State, key: string): string | null {
  if (key === "kills") state.role = "attacker";
  else if (key === "losses") state.role = "victim";
  else if (key === "finalblow-only") state.role = "finalblow";
  else if (key === "pretty") state.pretty = true;
  else if (Object.hasOwn(FLAG_LABELS, key)) state.filter.labels = [...(state.filter.labels ?? []), FLAG_LABELS[key]!];
  else return `Invalid modifier: ${key}`;
  return null;
}

function finish(state: State, now: Date): ZkbQuery | { error: string } {
  const { filter } = state;
  if (state.page > 1 && !state.entities.length && filter.solarSystemId == null && filter.regionId == null && filter.constellationId == null) {
    return { error: "page requires an entity or location modifier" };
  }
  const [first, ...others] = state.entities;
  if (first) filter.entity = { ...first, role: state.role };
  if (others.length) filter.alsoInvolved = others;
  if (filter.since) filter.since = new Date(now.getTime() + filter.since.getTime());
  if (state.year != null) {
    const month = state.month ?? 1;
    filter.since = new Date(Date.UTC(state.year, month - 1, 1));
    filter.until = new Date(Date.UTC(state.year, state.month ? month : 12, 1));
  }
  const fresh = new Date(now.getTime() - ZKB_MIN_AGE_MS);
  filter.until = filter.until && filter.until < fresh ? filter.until : fresh;
  filter.offset = (state.page - 1) * ZKB_PAGE_SIZE;
  return { filter, pretty: state.pretty };
}

/** `segments` are the path parts after `/api/`, e.g. ["kills", "characterID", "123"]. */
export function parseZkbPath({ segments, now }: { segments: string[]; now: Date }): ZkbQuery | { error: string } {
  const state: State = { filter: { limit: ZKB_PAGE_SIZE }, role: "any", entities: [], page: 1, pretty: false };
  if (!segments.length) return { error: "No modifiers given" };
  for (let index = 0; index < segments.length; index++) {
    const key = segments[index]!;
    if (DISABLED.has(key)) return { error: `${key} is no longer supported` };
    if (key === "label") {
      const label = segments[++index];
      if (!label || !/^[a-z0-9#:+\-]{1,32}$/i.test(label)) return { error: "label needs a valid label" };
      state.filter.labels = [...(state.filter.labels ?? []), label];
      continue;
    }
    if (Object.hasOwn(ENTITY_MODIFIERS, key) || NUMBER_MODIFIERS.includes(key)) {
      const text = segments[++index];
      if (text?.includes(",")) return { error: "multiple values for a modifier are no longer supported" };
      if (!text || !/^\d{1,15}$/.test(text)) return { error: `${key} needs a numeric value` };
      if (!fitsIdColumn({ key, value: Number(text) })) return { error: `${key} must be at most ${INT4_MAX}` };
      const problem = applyNumber(state, key, Number(text));
      if (problem) return { error: problem };
      continue;
    }
    const problem = applyFlag(state, key);
    if (problem) return { error: problem };
  }
  return finish(state, now);
}

/** zKillboard's API element as JSON text: the stored ESI object with `zkb` added beside its fields, unparsed. */
export const toZkbKillmailJson = (row: KillmailApiRow) => toKillmailJson({ esiText: row.esiText, zkb: zkbFromRow(row) });

