/**
 * The killmails every emulated endpoint serves: the 121 real ones (data/upstream) plus an optional synthetic
 * expansion. Invariant: one id → one hash → one ESI body, whichever endpoint answers (R2Z2, history, ESI, RedisQ).
 */
import { createSyntheticKillmails, syntheticHash, type SyntheticEsi } from "../../killmails/killmail.synthetic.ts";
import { readUpstreamJson } from "./bundle.ts";

export type EsiBody = SyntheticEsi & { solar_system_id: number; moon_id?: number; war_id?: number };

export type EmulatorRecord = {
  killmail_id: number;
  hash: string;
  esi: EsiBody;
  /** zKillboard's real block when the source had one; otherwise the emulator's `zkbFor` makes one. */
  zkb?: Record<string, unknown>;
  /** True when the hash (7 real rows have none) or the whole record was generated. */
  emulated: boolean;
};

export type EmulatorDataset = {
  records: EmulatorRecord[];
  byId: Map<number, EmulatorRecord>;
  /** UTC day YYYYMMDD → records of that day sorted by id (history files, UPSTREAMS b.1). */
  days: Map<string, EmulatorRecord[]>;
};

type BundledKillmail = { killmail_id: number; hash: string | null; esi: EsiBody; zkb?: Record<string, unknown> };

export const dayOf = (record: EmulatorRecord) => record.esi.killmail_time.slice(0, 10).replaceAll("-", "");

/** Indexes records; `records` comes back in time order, the default publish order. */
export function createEmulatorDataset({ records }: { records: EmulatorRecord[] }): EmulatorDataset {
  // ESI times are fixed-width ISO strings, so plain string order is time order (and far faster than localeCompare).
  const sorted = [...records].sort((a, b) => {
    const [left, right] = [a.esi.killmail_time, b.esi.killmail_time];
    return left < right ? -1 : left > right ? 1 : a.killmail_id - b.killmail_id;
  });
  const byId = new Map(sorted.map((record) => [record.killmail_id, record]));
  const days = new Map<string, EmulatorRecord[]>();
  for (const record of sorted) {
    const day = dayOf(record);
    if (!days.has(day)) days.set(day, []);
    days.get(day)!.push(record);
  }
  for (const list of days.values()) list.sort((a, b) => a.killmail_id - b.killmail_id);
  return { records: sorted, byId, days };
}

export async function loadRealRecords({ seed = 1 }: { seed?: number } = {}): Promise<EmulatorRecord[]> {
  const rows = await readUpstreamJson<BundledKillmail[]>({ name: "killmails" });
  return rows.map((row) => ({
    killmail_id: row.killmail_id,
    hash: row.hash ?? syntheticHash({ seed, killmailId: row.killmail_id }),
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
}: { synthetic?: number; startDate?: string; endDate?: string; seed?: number } = {}): Promise<EmulatorDataset> {
  const real = await loadRealRecords({ seed });
  const records = [...real];
  if (synthetic > 0) {
    const generator = createSyntheticKillmails({ base: real, count: synthetic, seed, startDate, endDate });
    for (const row of generator.records()) records.push({ ...row, emulated: true });
  }
  return createEmulatorDataset({ records });
}
