/**
 * Deterministic synthetic killmails: real ESI shapes re-numbered and re-dated, so tests, the emulator and the
 * benchmarks can have any volume with realistic structure. Invariants: record i is a pure function of
 * (base, seed, startDate, endDate, count, i); ids ascend with i above every base id; times ascend with i inside
 * [startDate 00:00Z, endDate 24:00Z); an entity id always carries the same corporation and alliance.
 * Items are shared with the base record (treat records as read-only) so 1,000,000 records stay cheap.
 */
import { DAY_MS } from "../app/time.ts";

export type SyntheticParticipant = {
  character_id?: number;
  corporation_id?: number;
  alliance_id?: number;
  [key: string]: unknown;
};

/** The part of an ESI killmail the generator rewrites; everything else is carried over untouched. */
export type SyntheticEsi = {
  killmail_id: number;
  killmail_time: string;
  victim: SyntheticParticipant;
  attackers: SyntheticParticipant[];
  [key: string]: unknown;
};

export type SyntheticRecord<E extends SyntheticEsi = SyntheticEsi> = { killmail_id: number; hash: string; esi: E };

// Pools sit in the player ranges (docs/guides/id-ranges.md, UPSTREAMS c.2) but apart from the real corpus ids.
const CHARACTER_POOL_START = 2_125_000_000;
const CORPORATION_POOL_START = 98_900_000;
const ALLIANCE_POOL_START = 99_900_000;

/** murmur3's 32-bit finaliser over a few integers: cheap, well mixed, no state. */
export function mixHash(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x85ebca6b);
    h = Math.imul(h ^ (value > 0xffff_ffff || value < 0 ? Math.floor(value / 0x1_0000_0000) : 0), 0xc2b2ae35);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A stable 40-hex "hash" for an id: ESI only needs a fixed id→hash table (UPSTREAMS c.3). */
export function syntheticHash({ seed, killmailId }: { seed: number; killmailId: number }): string {
  let hex = "";
  for (let part = 0; part < 5; part++) hex += mixHash(seed, killmailId, part).toString(16).padStart(8, "0");
  return hex;
}

/** The deterministic affiliation of a pool character: corporation and (for most) alliance. */
export function poolAffiliation({ characterIndex, poolSize }: { characterIndex: number; poolSize: number }) {
  const corporations = Math.max(1, Math.floor(poolSize / 5));
  const corporationIndex = characterIndex % corporations;
  const allianceIndex = corporationIndex % Math.max(1, Math.floor(corporations / 5));
  const inAlliance = corporationIndex % 4 !== 3;
  return {
    character_id: CHARACTER_POOL_START + characterIndex,
    corporation_id: CORPORATION_POOL_START + corporationIndex,
    ...(inAlliance ? { alliance_id: ALLIANCE_POOL_START + allianceIndex } : {}),
  };
}

const toEsiTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

type Affiliation = ReturnType<typeof poolAffiliation>;

/** Swaps a player for a pool pilot; NPCs and structures (no character_id) are kept as they are. */
function recast<P extends SyntheticParticipant>({ participant, seed, slot, pool }: {
  participant: P;
  seed: number;
  slot: number;
  pool: Affiliation[];
}): P {
  if (!participant.character_id) return participant;
  const affiliation = pool[mixHash(seed, participant.character_id, slot) % pool.length]!;
  const copy: SyntheticParticipant = { ...participant, character_id: affiliation.character_id, corporation_id: affiliation.corporation_id };
  if (affiliation.alliance_id) copy.alliance_id = affiliation.alliance_id;
  else if (copy.alliance_id !== undefined) delete copy.alliance_id;
  return copy as P;
}

export function createSyntheticKillmails<E extends SyntheticEsi>({
  base,
  count,
  seed = 1,
  startDate,
  endDate,
  firstId,
  poolSize = 5000,
}: {
  base: { killmail_id: number; esi: E }[];
  count: number;
  seed?: number;
  /** YYYY-MM-DD, first UTC day (inclusive). */
  startDate: string;
  /** YYYY-MM-DD, last UTC day (inclusive). */
  endDate: string;
  /** Defaults to one above the highest base id. */
  firstId?: number;
  poolSize?: number;
}) {
  if (base.length === 0) throw new Error("synthetic killmails need at least one base killmail");
  const startMs = Date.parse(`${startDate}T00:00:00Z`);
  const spanMs = Date.parse(`${endDate}T00:00:00Z`) + DAY_MS - startMs;
  if (!(spanMs > 0)) throw new Error(`bad synthetic day range ${startDate}..${endDate}`);
  const idStart = firstId ?? Math.max(...base.map((row) => row.killmail_id)) + 1;
  const slice = spanMs / Math.max(1, count);
  const pool = Array.from({ length: poolSize }, (_, characterIndex) => poolAffiliation({ characterIndex, poolSize }));

  const ensureIndex = (index: number) => {
    if (!(index >= 0 && index < count)) throw new RangeError(`synthetic index ${index} outside 0..${count - 1}`);
  };
  /** The real killmail record `index` is cast from; cheap, for indexes that must not build whole records. */
  const templateAt = (index: number) => base[mixHash(seed, index, 0x7e) % base.length]!.esi;
  const timeAt = (index: number) => toEsiTime(startMs + Math.floor(index * slice + (mixHash(seed, index, 0x71) / 0x1_0000_0000) * slice));
  const hashAt = (index: number) => syntheticHash({ seed, killmailId: idStart + index });

  function killmailAt(index: number): SyntheticRecord<E> {
    ensureIndex(index);
    const template = templateAt(index);
    const esi = {
      ...template,
      killmail_id: idStart + index,
      killmail_time: timeAt(index),
      victim: recast({ participant: template.victim, seed: seed + index, slot: -1, pool }),
      attackers: template.attackers.map((participant, slot) => recast({ participant, seed: seed + index, slot, pool })),
    };
    return { killmail_id: idStart + index, hash: hashAt(index), esi };
  }

  function* records() {
    for (let index = 0; index < count; index++) yield killmailAt(index);
  }

  return { count, firstId: idStart, pool, killmailAt, templateAt, timeAt, hashAt, records, [Symbol.iterator]: records };
}
