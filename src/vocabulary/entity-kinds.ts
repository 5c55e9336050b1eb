/**
 * The one list of entity kinds and its named subsets. Every TypeScript kind type and zod enum in the project is
 * derived from these arrays, so a new kind is added once and every surface (pages, API, stats, feeds) agrees.
 */

/** Every kind the board has a page and statistics for. */
export const ENTITY_KINDS = ["character", "corporation", "alliance", "faction", "ship", "group", "system", "constellation", "region"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Players' entities: named by ESI, enriched, searchable by name and ticker. */
export const PLAYER_KINDS = ["character", "corporation", "alliance"] as const;
export type PlayerKind = (typeof PLAYER_KINDS)[number];

/** Kinds that stand on a side of a killmail (victim or attacker): what involvement rows and side filters index. */
export const PARTY_KINDS = ["character", "corporation", "alliance", "faction", "ship", "group"] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** Where a killmail happened; location pages have no sides. */
export const LOCATION_KINDS = ["system", "constellation", "region"] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** What the board-wide top lists rank. */
export const TOP_KINDS = ["character", "corporation", "alliance", "ship", "system"] as const;
export type TopKind = (typeof TOP_KINDS)[number];

/**
 * Kinds whose ids live in PostgreSQL `integer` columns (the SDE's types, groups, factions, systems,
 * constellations, regions); characters, corporations, alliances and killmails are `bigint`. A bound parameter past
 * int4 fails the whole query, so every surface refuses such an id before it reaches SQL.
 */
export const INT4_MAX = 2_147_483_647;
export const INT4_ID_KINDS: ReadonlySet<EntityKind> = new Set(["faction", "ship", "group", "system", "constellation", "region"]);

const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);
export const isEntityKind = (value: string): value is EntityKind => includes(ENTITY_KINDS, value);
export const isPlayerKind = (value: string): value is PlayerKind => includes(PLAYER_KINDS, value);
export const isPartyKind = (value: string): value is PartyKind => includes(PARTY_KINDS, value);
export const isLocationKind = (value: string): value is LocationKind => includes(LOCATION_KINDS, value);

/** Whether `id` fits the column `kind` is stored in. */
export const fitsKindColumn = ({ kind, id }: { kind: EntityKind; id: number }) => !INT4_ID_KINDS.has(kind) || id <= INT4_MAX;
