/**
 * Synthetic fights for battle tests and the benchmark: one real killmail's body re-cast with chosen pilots, places
 * and times, stored through the real store path. Two coalitions (alliances 1+2 against alliance 3 and a corporation
 * outside any alliance) trade kills; each kill also carries a 2%-damage attacker of an unrelated corporation.
 */
import type { Sql } from "../db/db.client.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { syntheticHash } from "../killmails/killmail.synthetic.ts";

export const COALITIONS = {
  blue: [{ alliance: 99_100_001, corporation: 98_100_001 }, { alliance: 99_100_002, corporation: 98_100_002 }],
  red: [{ alliance: 99_200_001, corporation: 98_200_001 }, { alliance: null, corporation: 98_200_009 }],
} as const;
/** Stargate-linked: Tanoo–Akpivem, and Sasta next to Tanoo only (data/sde/system_links). */
export const SYSTEMS = { tanoo: 30_000_001, akpivem: 30_000_003, sasta: 30_000_005 } as const;

type Party = { alliance: number | null; corporation: number };
type Template = { esi: Record<string, any> };

const pilot = ({ party, index }: { party: Party; index: number }) => ({
  character_id: 2_110_000_000 + party.corporation % 1000 * 1000 + (index % 1000), corporation_id: party.corporation,
  ...(party.alliance ? { alliance_id: party.alliance } : {}),
});

/** One kill of a pilot of `victim` by three pilots of `attackers` (and a 2% bystander). */
export function castKill({ template, killmailId, time, system, victim, attackers, index }: {
  template: Template; killmailId: number; time: Date; system: number; victim: Party; attackers: readonly Party[]; index: number;
}) {
  const shooters = [0, 1, 2].map((slot) => ({ ...pilot({ party: attackers[slot % attackers.length]!, index: index + slot * 7 }),
    damage_done: 320, final_blow: slot === 0, security_status: 0, ship_type_id: 587, weapon_type_id: 2873 }));
  const bystander = { ...pilot({ party: { alliance: null, corporation: 98_700_000 + (index % 50) }, index }), damage_done: 20, final_blow: false, security_status: 0, ship_type_id: 670, weapon_type_id: 2873 };
  const esi = { ...template.esi, killmail_id: killmailId, killmail_time: time.toISOString().replace(/\.\d{3}Z$/, "Z"), solar_system_id: system,
    victim: { ...template.esi.victim, ...pilot({ party: victim, index }), alliance_id: victim.alliance ?? undefined, damage_taken: 1000 }, attackers: [...shooters, bystander] };
  if (!victim.alliance) delete esi.victim.alliance_id;
  return { killmail_id: killmailId, hash: syntheticHash({ seed: 16, killmailId }), esi };
}

/** `perMinute` kills a minute in `system` from `fromMinute` for `minutes`, the coalitions taking turns as victims. */
export function castFight({ template, start, system, fromMinute, minutes, perMinute, firstId }: {
  template: Template; start: Date; system: number; fromMinute: number; minutes: number; perMinute: number; firstId: number;
}) {
  return Array.from({ length: minutes * perMinute }, (_, index) => {
    const blueLoses = index % 2 === 0;
    const victim = (blueLoses ? COALITIONS.blue : COALITIONS.red)[(index >> 1) % 2]!;
    const time = new Date(start.getTime() + (fromMinute + Math.floor(index / perMinute)) * 60_000 + (index % perMinute) * 1000);
    return castKill({ template, killmailId: firstId + index, time, system, victim, attackers: blueLoses ? COALITIONS.red : COALITIONS.blue, index });
  });
}

export async function storeRecords({ sql, records }: { sql: Sql; records: unknown[] }) {
  const processor = await createKillmailProcessor({ sql });
  const firstSeenAt = new Date();
  for (let start = 0; start < records.length; start += 500) {
    await processor.storeKillmails({ inputs: records.slice(start, start + 500).map((json) => parseKillmailInput({ json, source: "import", firstSeenAt })) });
  }
}
