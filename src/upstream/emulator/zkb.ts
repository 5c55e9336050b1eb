/**
 * The default `zkbFor`: a zkb block (UPSTREAMS a.3) for records without a real one. Values are 0 and the block
 * says `"emulated": true`. The emulate role wires our valuation model instead (zkb.model.ts); tests can inject
 * any function through `createEmulator({ options: { zkbFor } })`.
 */
import type { EmulatorRecord } from "./dataset.ts";

export type ZkbBlock = Record<string, unknown>;
export type ZkbFor = (record: EmulatorRecord) => ZkbBlock;

// zKillboard's `$esiServer` (setup/default.config.php); the block names the real ESI like the original does.
export const ESI_HREF_BASE = "https://esi.evetech.net";

export function createDefaultZkb(record: EmulatorRecord): ZkbBlock {
  const attackers = record.esi.attackers as { character_id?: number; corporation_id?: number }[];
  // cron/3.queueProcess.php: NPC when no attacker is a player character or player corporation.
  const npc = !attackers.some((who) => (who.character_id ?? 0) > 3_999_999 || (who.corporation_id ?? 0) > 1_999_999);
  return {
    ...(record.esi.moon_id ? { locationID: record.esi.moon_id } : {}),
    hash: record.hash,
    fittedValue: 0,
    droppedValue: 0,
    destroyedValue: 0,
    totalValue: 0,
    points: npc ? 1 : 0,
    npc,
    solo: false,
    awox: false,
    labels: npc ? ["npc"] : ["pvp"],
    attackerCount: attackers.length,
    href: `${ESI_HREF_BASE}/killmails/${record.killmail_id}/${record.hash}/`,
    emulated: true,
  };
}

/** The real block wins; otherwise the injected (or default) function makes one. */
export const zkbOf = ({ record, zkbFor }: { record: EmulatorRecord; zkbFor: ZkbFor }) => record.zkb ?? zkbFor(record);
