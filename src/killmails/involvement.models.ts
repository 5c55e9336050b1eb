/**
 * Who was on a kill, one entry per distinct (kind, id, side): characters, corporations, alliances, factions,
 * ship types and ship groups of the victim and of the attackers (as zKillboard's `involved` index feeds its
 * per-entity stats). `isFinalBlow` is set where that entity was on the final-blow attacker.
 */
import type { DerivedAttacker, Involvement } from "./killmail.types.ts";
import type { PartyKind } from "../vocabulary/entity-kinds.ts";

/** The victim or an attacker: the ids both sides share, plus the attacker's final-blow flag. */
export type Party = Pick<DerivedAttacker, "characterId" | "corporationId" | "allianceId" | "factionId" | "shipTypeId" | "shipGroupId"> & {
  finalBlow?: boolean;
};

const KIND_FIELDS: [PartyKind, keyof Party][] = [
  ["character", "characterId"],
  ["corporation", "corporationId"],
  ["alliance", "allianceId"],
  ["faction", "factionId"],
  ["ship", "shipTypeId"],
  ["group", "shipGroupId"],
];

export function deriveInvolvement({ victim, attackers }: { victim: Party; attackers: Party[] }) {
  const byKey = new Map<string, Involvement>();
  const add = (party: Party, isVictim: boolean) => {
    for (const [entityKind, field] of KIND_FIELDS) {
      const entityId = party[field];
      if (typeof entityId !== "number" || entityId <= 0) continue;
      const key = `${entityKind}:${entityId}:${isVictim}`;
      const isFinalBlow = !isVictim && party.finalBlow === true;
      const known = byKey.get(key);
      if (known) known.isFinalBlow ||= isFinalBlow;
      else byKey.set(key, { entityKind, entityId, isVictim, isFinalBlow });
    }
  };
  add(victim, true);
  for (const attacker of attackers) add(attacker, false);
  return { involvement: [...byKey.values()] };
}
