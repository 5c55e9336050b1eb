/**
 * What every page module receives from the HTTP shell. Modules declare the narrowest slice they use, so a
 * page can be tested with just a database and static names, and the shell's own wiring stays above them.
 */
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { ViewName } from "../../views/index.ts";
import type { BoardEntity } from "../board/board.models.ts";

/** Renders one Eta view inside the layout; game-provided strings are escaped by the renderer. */
export type PageRenderer = { render(name: Exclude<ViewName, "layout">, data: Record<string, unknown>): string };

/** Where list pages tell the browser to follow new kills; absent = pages are not live. */
export type LivePageSettings = {
  /** The newest live sequence number stored (read before a list's rows: the browser resumes after it). */
  readHead: () => Promise<number>;
  /** `ws`'s /ws/v1 as browsers reach it; unset = the page's own host at `socketPort`. */
  socketUrl?: string;
  socketPort: number;
};

export type PageDeps = {
  sql: Sql;
  universe: UniverseNames;
  renderer: PageRenderer;
  logger: Logger;
  now: () => Date;
  live?: LivePageSettings;
  /** BOARD_ENTITIES: the front page sums them up and the top lists rank their members; unset = a board of every kill. */
  board?: readonly BoardEntity[];
};
