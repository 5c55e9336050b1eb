/**
 * Where BOARD_ENTITIES keeps kills off the board. A feed record that carries its ESI body is judged by the
 * listener, before it is queued; one that carries only id and hash is judged by the worker once ESI answered.
 * Either way a dropped kill is handled work: the listener's cursor moves past it and the job completes.
 * Then what the board's pages read about its entities.
 */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import { createTopRepository, type TopMetric } from "../stats/stats.top.repository.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { FeedEntry, ListenerPort } from "../upstream/feed.listener.ts";
import type { TopKind } from "../vocabulary/entity-kinds.ts";
import { createBoardMatcher, isBoardKind, type BoardEntity, type BoardKillmail } from "./board.models.ts";
import { createBoardRepository } from "./board.repository.ts";
import { readBoardKillmail } from "./board.schemas.ts";

export const OUTSIDE_BOARD = "outside-board" as const;

/** false only for a body that is readable and involves none of the entities; an unreadable one goes on to be rejected. */
export function createBoardCheck({ entities }: { entities: readonly BoardEntity[] }) {
  const involvesBoard = createBoardMatcher({ entities });
  return {
    involvesBoard,
    mayInvolve(body: unknown) {
      const killmail: BoardKillmail | null = readBoardKillmail(body);
      return killmail === null || involvesBoard(killmail);
    },
  };
}

/** The listener's port, minus what is known to be off the board; `onSkip` counts each kill dropped. */
export function filterPortByBoard({ port, entities, onSkip }: {
  port: ListenerPort; entities: readonly BoardEntity[]; onSkip: (entry: FeedEntry) => Promise<void> | void;
}): ListenerPort {
  const { mayInvolve } = createBoardCheck({ entities });
  return {
    ...port,
    async accept(entry) {
      if (entry.esi === undefined || mayInvolve(entry.esi)) return port.accept(entry);
      await onSkip(entry);
      return OUTSIDE_BOARD;
    },
  };
}

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
