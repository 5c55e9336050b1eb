/** What the pages of a board (BOARD_ENTITIES) read about its entities: the front page's summary and member top lists. */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { TopKind } from "../vocabulary/entity-kinds.ts";
import { isBoardKind, type BoardEntity } from "../board/board.models.ts";
import { createBoardRepository } from "../board/board.repository.ts";
import { createTopRepository, type TopMetric } from "./stats.top.repository.ts";

/** The front page's summary of the board: each entity's all-time totals (entity_totals) and its name. */
export async function loadBoardSummary({ sql, universe, entities }: { sql: Sql; universe: UniverseNames; entities: readonly BoardEntity[] }) {
  const [totals, names] = await Promise.all([
    createBoardRepository({ sql }).listTotals({ entities }),
    resolveEntityNames({ sql, universe, keys: entities.map((entity) => ({ kind: entity.kind, id: entity.id })) }),
  ]);
  return { entities, totals, names };
}

/**
 * Top lists on a board: characters, corporations and alliances are ranked among its members (a corporation's
 * CEO wants the best of his pilots, not the enemy's); ships and systems rank as on any board.
 */
export function createTopRanking({ sql, board }: { sql: Sql; board?: readonly BoardEntity[] }) {
  const tops = createTopRepository({ sql });
  const members = createBoardRepository({ sql });
  return function rankTop({ kind, metric, since, limit = 10 }: { kind: TopKind; metric: TopMetric; since?: Date; limit?: number }) {
    if (board && isBoardKind(kind)) return members.topMembers({ kind, metric, entities: board, since, limit });
    return tops.topEntities({ kind, metric, since, limit });
  };
}
