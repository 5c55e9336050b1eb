/**
 * zKillboard's kill points (classes/Points.php getKillPoints): 5^rigSize of the victim hull, plus a danger factor
 * from modules fitted in high/mid/low/subsystem slots, scaled down when danger is low, divided by a gang-size
 * penalty, then adjusted by how big the attacking ships are compared with the victim; at least 1.
 * NPC kills (cron/3.queueProcess.php) and kills with a structure attacker score 1.
 * The gang size counts every attacker, NPCs included, as the rule stood when zKillboard scored its published
 * blocks (zKillboard issue #90: NPCs may have tackled; kill 111519365 scores 10 only that way). zKillboard's
 * HEAD counts characters only; no real block yet shows when that took effect.
 */
import type { EsiKillmail } from "./killmail.schemas.ts";
import type { TypeInfo } from "../universe/universe.types.ts";
import { RULES_THRESHOLDS as T } from "./rules.ts";

export const ATTRIBUTE = { metaLevel: 633, heatDamage: 1211, rigSize: 1547 } as const;
const STRATEGIC_CRUISER_GROUP_ID = 963;
const DRONE_DAMAGE_MODULE_GROUP_ID = 645;
const MINING_LASER_GROUP_ID = 54;
const MODULE_CATEGORY_ID = 7;
const DANGER_SLOT_FLAGS: [number, number][] = [[11, 34], [125, 132]];
/** Before this kill id, fitted modules could carry flag 0 (Points.php). */
const LEGACY_FLAG_ZERO_BEFORE_KILL_ID = 23_970_577;

/**
 * Rig sizes zKillboard's own type records give differently from the SDE. Its getRigSize falls back to 1 when the
 * record has no rigSize: kill 119455394 (a Purifier solo-killed by a Naglfar) scores 22 only if the Naglfar counts
 * as 5^1, not the SDE's 5^4.
 */
const ZKILLBOARD_RIG_SIZES = new Map<number, number>([[19722, 1]]);

type TypeOf = (typeId: number) => TypeInfo | undefined;

export function rigSizeOf({ type }: { type: TypeInfo | undefined }) {
  if (type?.groupId === STRATEGIC_CRUISER_GROUP_ID) return 2;
  const rigSize = ZKILLBOARD_RIG_SIZES.get(type?.typeId ?? 0) ?? type?.attributes?.[ATTRIBUTE.rigSize];
  return rigSize === undefined ? 1 : Math.max(1, rigSize);
}

export function dangerFactor({ esi, typeOf }: { esi: EsiKillmail; typeOf: TypeOf }) {
  let danger = 0;
  for (const item of esi.victim.items ?? []) {
    const type = typeOf(item.item_type_id);
    if (type?.categoryId !== MODULE_CATEGORY_ID) continue;
    const inSlot = DANGER_SLOT_FLAGS.some(([first, last]) => item.flag >= first && item.flag <= last);
    if (!inSlot && !(esi.killmail_id < LEGACY_FLAG_ZERO_BEFORE_KILL_ID && item.flag === 0)) continue;
    const quantity = (item.quantity_destroyed ?? 0) + (item.quantity_dropped ?? 0);
    const meta = 1 + Math.floor((type.attributes?.[ATTRIBUTE.metaLevel] ?? 0) / 2);
    if (type.attributes?.[ATTRIBUTE.heatDamage] !== undefined) danger += quantity * meta;
    if (type.groupId === DRONE_DAMAGE_MODULE_GROUP_ID) danger += quantity * meta;
    if (type.groupId === MINING_LASER_GROUP_ID) danger -= quantity * meta;
  }
  return { danger };
}

/** -50%..+20%: small ships killing a big one earn more, big ships killing a small one less. */
function sizeModifier({ esi, typeOf, victimRigSize, gang }: { esi: EsiKillmail; typeOf: TypeOf; victimRigSize: number; gang: number }) {
  let size = 0;
  for (const attacker of esi.attackers) {
    const type = attacker.ship_type_id === undefined ? undefined : typeOf(attacker.ship_type_id);
    if (type?.categoryId === T.structureCategoryId) return { structure: true, modifier: 0 };
    size += 5 ** (type?.groupId === T.capsuleGroupId ? victimRigSize + 1 : rigSizeOf({ type }));
  }
  const average = Math.max(1, size / gang);
  return { structure: false, modifier: Math.min(1.2, Math.max(0.5, 5 ** victimRigSize / average)) };
}

export function computePoints({ esi, typeOf, npc }: { esi: EsiKillmail; typeOf: TypeOf; npc: boolean }) {
  if (npc) return { points: 1 };
  const victimRigSize = rigSizeOf({ type: typeOf(esi.victim.ship_type_id) });
  const { danger } = dangerFactor({ esi, typeOf });
  let points = 5 ** victimRigSize + danger;
  points *= Math.max(0.01, Math.min(1, danger / 4));
  const gang = esi.attackers.length;
  points /= Math.max(1, gang * Math.max(1, gang / 2));
  const { structure, modifier } = sizeModifier({ esi, typeOf, victimRigSize, gang });
  const hasCharacter = esi.attackers.some((attacker) => (attacker.character_id ?? 0) > 0);
  if (structure || !hasCharacter) return { points: 1 };
  return { points: Math.max(1, Math.floor(points * modifier)) };
}
