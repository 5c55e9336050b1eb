/**
 * Where BOARD_ENTITIES keeps kills off the board. A feed record that carries its ESI body is judged by the
 * listener, before it is queued; one that carries only id and hash is judged by the worker once ESI answered.
 * Either way a dropped kill is handled work: the listener's cursor moves past it and the job completes.
 */
import type { FeedEntry, ListenerPort } from "../upstream/feed.listener.ts";
import { createBoardMatcher, type BoardEntity, type BoardKillmail } from "./board.models.ts";
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
