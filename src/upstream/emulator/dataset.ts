/**
 * The killmails every emulated endpoint serves: the 121 real ones (data/upstream) plus an optional synthetic
 * expansion. Invariant: one id → one hash → one ESI body, whichever endpoint answers (R2Z2, history, ESI, RedisQ).
 * Synthetic records build their ESI body on access (deterministic, so every access agrees), which keeps a
 * million of them to a few hundred megabytes.
 */
import { createSyntheticKillmails, poolAffiliation, syntheticHash, type SyntheticEsi } from "../../killmails/killmail.synthetic.ts";
import { readUpstreamJson } from "./bundle.ts";

export type EsiBody = SyntheticEsi & { solar_system_id: number; moon_id?: number; war_id?: number };

export type EmulatorRecord = {
  killmail_id: number;
  hash: string;
  /** Same as esi.killmail_time; kept beside it so ordering never has to build a synthetic body. */
  killmail_time: string;
  esi: EsiBody;
  /** zKillboard's real block when the source had one; otherwise the emulator's `zkbFor` makes one. */
  zkb?: Record<string, unknown>;
  /** True when the hash (7 real rows have none) or the whole record was generated. */
  emulated: boolean;
  /** True for records of the synthetic expansion, whose body is built on access. */
  synthetic?: boolean;
  /** Set on synthetic records (null = no war) so the war index needs no body. */
  war_id?: number | null;
  /** `emulate --now`: the time the record had before it was moved to its publication (retime.ts). */
  original_killmail_time?: string;
};

export type Affiliation = ReturnType<typeof poolAffiliation>;

export type EmulatorDataset = {
  records: EmulatorRecord[];
  byId: Map<number, EmulatorRecord>;
  /** UTC day YYYYMMDD → records of that day sorted by id (history files, UPSTREAMS b.1). */
  days: Map<string, EmulatorRecord[]>;
  byWar: Map<number, EmulatorRecord[]>;
  /** The pilots synthetic records are cast with (empty without a synthetic expansion). */
  pool: Affiliation[];
};

type BundledKillmail = { killmail_id: number; hash: string | null; esi: EsiBody; zkb?: Record<string, unknown> };

export const dayOf = (record: EmulatorRecord) => record.killmail_time.slice(0, 10).replaceAll("-", "");

function groupBy({ records, key }: { records: EmulatorRecord[]; key: (record: EmulatorRecord) => string | number | null | undefined }) {
  const groups = new Map<string | number, EmulatorRecord[]>();
  for (const record of records) {
    const value = key(record);
    if (value === null || value === undefined) continue;
    if (!groups.has(value)) groups.set(value, []);
    groups.get(value)!.push(record);
  }
  for (const list of groups.values()) list.sort((a, b) => a.killmail_id - b.killmail_id);
  return groups;
}

/** Indexes records; `records` comes back in time order, the default publish order. */
export function createEmulatorDataset({ records, pool = [] }: { records: EmulatorRecord[]; pool?: Affiliation[] }): EmulatorDataset {
  // ESI times are fixed-width ISO strings, so plain string order is time order (and far faster than localeCompare).
  const sorted = [...records].sort((a, b) =>
    a.killmail_time < b.killmail_time ? -1 : a.killmail_time > b.killmail_time ? 1 : a.killmail_id - b.killmail_id,
  );
  return {
    records: sorted,
    byId: new Map(sorted.map((record) => [record.killmail_id, record])),
    days: groupBy({ records: sorted, key: dayOf }) as Map<string, EmulatorRecord[]>,
    byWar: groupBy({ records: sorted, key: (record) => (record.war_id === undefined ? record.esi.war_id : record.war_id) }) as Map<number, EmulatorRecord[]>,
    pool,
  };
}

export async function loadRealRecords({ seed = 1 }: { seed?: number } = {}): Promise<EmulatorRecord[]> {
  const rows = await readUpstreamJson<BundledKillmail[]>({ name: "killmails" });
  return rows.map((row) => ({
    killmail_id: row.killmail_id,
    hash: row.hash ?? syntheticHash({ seed, killmailId: row.killmail_id }),
    killmail_time: row.esi.killmail_time,
    esi: row.esi,
    ...(row.zkb ? { zkb: row.zkb } : {}),
    emulated: row.hash === null,
  }));
}

/** Real killmails plus `synthetic` generated ones spread over startDate..endDate (YYYY-MM-DD, inclusive). */
export async function loadEmulatorDataset({
  synthetic = 0,
  startDate = "2026-11-01",
  endDate = "2026-11-07",
  seed = 1,
  includeReal = true,
}: {
  synthetic?: number; startDate?: string; endDate?: string; seed?: number;
  /** false: only the synthetic records (still shaped on the real ones), e.g. for a drill about recent days only. */
  includeReal?: boolean;
} = {}): Promise<EmulatorDataset> {
  const real = await loadRealRecords({ seed });
  if (synthetic <= 0) return createEmulatorDataset({ records: real });
  const generator = createSyntheticKillmails({ base: real, count: synthetic, seed, startDate, endDate });
  const records = includeReal ? [...real] : [];
  for (let index = 0; index < synthetic; index++) {
    records.push({
      killmail_id: generator.firstId + index,
      hash: generator.hashAt(index),
      killmail_time: generator.timeAt(index),
      emulated: true,
      synthetic: true,
      war_id: generator.templateAt(index).war_id ?? null,
      get esi() {
        return generator.killmailAt(index).esi;
      },
    });
  }
  return createEmulatorDataset({ records, pool: generator.pool });
}
