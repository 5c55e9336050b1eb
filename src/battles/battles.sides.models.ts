/**
 * Sides of a battle from who shot whom, pure. A party is an alliance, or a corporation outside any alliance
 * (`alliance:1`, `corporation:2`). A coalition is a connected set of parties who never shot each other: parties
 * that attacked the same victims are joined, most shared kills first, unless that would put two parties who shot
 * each other in one coalition. The largest coalition that fought anyone is the left side, the coalition it fought
 * most the right; every other coalition joins the side opposite the one it fought most (the right on a tie).
 * Attackers under the damage-share floor never reach here (see DetectionKill), and awoxing is not hostility.
 */
export type Side = "left" | "right";
export type SideKill = { victimParty: string | null; attackerParties: string[] };
export type Sides = { left: string[]; right: string[] };

export const partyKey = ({ corporationId, allianceId }: { corporationId: number | null; allianceId: number | null }) =>
  allianceId ? `alliance:${allianceId}` : corporationId ? `corporation:${corporationId}` : null;

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function countPairs({ kills }: { kills: SideKill[] }) {
  const hostile = new Map<string, number>();
  const together = new Map<string, number>();
  const weight = new Map<string, number>();
  for (const { victimParty, attackerParties } of kills) {
    const attackers = [...new Set(attackerParties)].sort();
    for (const party of new Set([victimParty, ...attackers])) if (party) weight.set(party, (weight.get(party) ?? 0) + 1);
    for (const attacker of attackers) {
      if (victimParty && attacker !== victimParty) hostile.set(pairKey(attacker, victimParty), (hostile.get(pairKey(attacker, victimParty)) ?? 0) + 1);
    }
    for (let i = 0; i < attackers.length; i++) {
      for (let j = i + 1; j < attackers.length; j++) together.set(pairKey(attackers[i]!, attackers[j]!), (together.get(pairKey(attackers[i]!, attackers[j]!)) ?? 0) + 1);
    }
  }
  return { hostile, together, weight };
}

/** Coalitions as lists of parties, heaviest (most kills involved in) first. */
function findCoalitions({ kills }: { kills: SideKill[] }) {
  const { hostile, together, weight } = countPairs({ kills });
  const members = new Map<string, Set<string>>([...weight.keys()].map((party) => [party, new Set([party])]));
  const root = new Map<string, string>([...weight.keys()].map((party) => [party, party]));
  const fought = (a: Set<string>, b: Set<string>) => [...a].some((x) => [...b].some((y) => hostile.has(pairKey(x, y))));
  const pairs = [...together].filter(([key]) => !hostile.has(key)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [key] of pairs) {
    const [a, b] = key.split("|").map((party) => root.get(party)!) as [string, string];
    if (a === b || fought(members.get(a)!, members.get(b)!)) continue;
    for (const party of members.get(b)!) {
      members.get(a)!.add(party);
      root.set(party, a);
    }
    members.delete(b);
  }
  const weightOf = (set: Set<string>) => [...set].reduce((sum, party) => sum + (weight.get(party) ?? 0), 0);
  const coalitions = [...members.values()].sort((a, b) => weightOf(b) - weightOf(a) || [...a].sort()[0]!.localeCompare([...b].sort()[0]!));
  return { coalitions, hostile };
}

const hostilityBetween = (a: Iterable<string>, b: Iterable<string>, hostile: Map<string, number>) => {
  let total = 0;
  for (const x of a) for (const y of b) total += hostile.get(pairKey(x, y)) ?? 0;
  return total;
};

export function inferSides({ kills }: { kills: SideKill[] }): Sides {
  const { coalitions, hostile } = findCoalitions({ kills });
  const leftIndex = Math.max(0, coalitions.findIndex((coalition) => coalitions.some((other) => other !== coalition && hostilityBetween(coalition, other, hostile) > 0)));
  const left = new Set(coalitions[leftIndex] ?? []);
  const rest = coalitions.filter((_, index) => index !== leftIndex);
  const rightIndex = rest.reduce((best, coalition, index) => (hostilityBetween(coalition, left, hostile) > hostilityBetween(rest[best] ?? [], left, hostile) ? index : best), 0);
  const right = new Set(rest[rightIndex] ?? []);
  for (const coalition of rest.filter((_, index) => index !== rightIndex)) {
    const target = hostilityBetween(coalition, right, hostile) > hostilityBetween(coalition, left, hostile) ? left : right;
    for (const party of coalition) target.add(party);
  }
  return { left: [...left].sort(), right: [...right].sort() };
}

/** Parties moved by hand (`?left=`/`?right=`): each named party leaves its side for the one it was named on. */
export function moveParties({ sides, left, right }: { sides: Sides; left: string[]; right: string[] }): Sides {
  const moved = new Set([...left, ...right]);
  return {
    left: [...new Set([...sides.left.filter((party) => !moved.has(party)), ...left.filter((party) => !right.includes(party))])].sort(),
    right: [...new Set([...sides.right.filter((party) => !moved.has(party)), ...right])].sort(),
  };
}

/**
 * The side of one pilot: a corporation named on a side wins over its alliance (a corporation can be moved out of
 * its alliance's side); a party on neither side is on the right.
 */
export function createSideOf({ sides }: { sides: Sides }) {
  const left = new Set(sides.left);
  const right = new Set(sides.right);
  return ({ corporationId, allianceId }: { corporationId: number | null; allianceId: number | null }): Side => {
    const corporation = corporationId ? `corporation:${corporationId}` : null;
    if (corporation && left.has(corporation)) return "left";
    if (corporation && right.has(corporation)) return "right";
    return allianceId && left.has(`alliance:${allianceId}`) ? "left" : "right";
  };
}

/**
 * Parties on neither side (seen only under the damage floor) join the side opposite the victims they shot most, so
 * their pilots and ships count where they fought; a tie leaves them on the right.
 */
export function placeBystanders({ sides, kills }: { sides: Sides; kills: SideKill[] }): Sides {
  const left = new Set(sides.left);
  const placed = new Set([...sides.left, ...sides.right]);
  const votes = new Map<string, number>();
  for (const { victimParty, attackerParties } of kills) {
    const vote = victimParty && left.has(victimParty) ? -1 : 1;
    for (const party of new Set(attackerParties)) if (!placed.has(party)) votes.set(party, (votes.get(party) ?? 0) + vote);
  }
  const joining = [...votes].filter(([, vote]) => vote > 0).map(([party]) => party);
  return { left: [...sides.left, ...joining].sort(), right: [...sides.right, ...[...votes.keys()].filter((party) => !joining.includes(party))].sort() };
}
