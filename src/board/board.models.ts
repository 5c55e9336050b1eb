/**
 * A board for a few entities (BOARD_ENTITIES): a killmail belongs on it when any of them appears on either side,
 * as the victim or as any attacker, by character, corporation or alliance. Kinds are explicit because one number
 * can name a character in one table and nothing in another.
 */
export const BOARD_KINDS = ["character", "corporation", "alliance"] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];
export type BoardEntity = { kind: BoardKind; id: number };
export const isBoardKind = (kind: string): kind is BoardKind => (BOARD_KINDS as readonly string[]).includes(kind);

/** The affiliation fields an ESI victim or attacker carries (any may be missing: NPCs, structures). */
export type BoardParty = { character_id?: number | null; corporation_id?: number | null; alliance_id?: number | null };
export type BoardKillmail = { victim: BoardParty; attackers: BoardParty[] };

const FIELD_OF: Record<BoardKind, keyof BoardParty> = { character: "character_id", corporation: "corporation_id", alliance: "alliance_id" };

/** `alliance:99000001,corporation:98000001`: BOARD_ENTITIES' syntax, the same one `describeConfig` prints. */
export const formatBoardEntities = (entities: readonly BoardEntity[]) => entities.map((entity) => `${entity.kind}:${entity.id}`).join(",");

/** One matcher per board: id sets per kind, so a 300-attacker killmail costs 900 set lookups at most. */
export function createBoardMatcher({ entities }: { entities: readonly BoardEntity[] }) {
  const ids = Object.fromEntries(BOARD_KINDS.map((kind) => [kind, new Set(entities.filter((e) => e.kind === kind).map((e) => e.id))])) as Record<BoardKind, Set<number>>;
  const isMember = (party: BoardParty) =>
    BOARD_KINDS.some((kind) => {
      const id = party[FIELD_OF[kind]];
      return typeof id === "number" && ids[kind].has(id);
    });
  return function involvesBoard(killmail: BoardKillmail) {
    return isMember(killmail.victim) || killmail.attackers.some(isMember);
  };
}

export type BoardMatcher = ReturnType<typeof createBoardMatcher>;

/** zKillboard's efficiency: the share of all ISK the entity destroyed in what it destroyed and lost; null with neither. */
export function computeEfficiency({ iskDestroyed, iskLost }: { iskDestroyed: number; iskLost: number }) {
  const total = iskDestroyed + iskLost;
  return total > 0 ? iskDestroyed / total : null;
}
