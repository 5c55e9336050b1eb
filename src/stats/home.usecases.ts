/** The front page's side panels: the most valuable kills of the day and week, the most active of the week. */
import { DAY_MS, WEEK_MS } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { summaryEntityKeys } from "../killmails/killmail.read.usecases.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { TopKind } from "../vocabulary/entity-kinds.ts";
import type { BoardEntity } from "../board/board.models.ts";
import { createTopRanking } from "./stats.board.usecases.ts";
import { topListKeys, type TopList } from "./stats.usecases.ts";

const PANEL_SIZE = 5;
const ACTIVE_KINDS: TopKind[] = ["character", "corporation", "alliance", "system"];

/** With `board` (BOARD_ENTITIES), the most active pilots, corporations and alliances are its members. */
export async function loadHomePanels({ sql, universe, now, board }: { sql: Sql; universe: UniverseNames; now: Date; board?: readonly BoardEntity[] }) {
  const reads = createKillmailReadRepository({ sql });
  const rankTop = createTopRanking({ sql, board });
  const week = new Date(now.getTime() - WEEK_MS);
  const [isk24h, isk7d, ...active] = await Promise.all([
    reads.listTopValueKillmails({ since: new Date(now.getTime() - DAY_MS), limit: PANEL_SIZE }),
    reads.listTopValueKillmails({ since: week, limit: PANEL_SIZE }),
    ...ACTIVE_KINDS.map((kind) => rankTop({ kind, metric: "kills", since: week, limit: PANEL_SIZE })),
  ]);
  const activeLists: TopList[] = ACTIVE_KINDS.map((kind, index) => ({ kind, rows: active[index]! }));
  const keys = [...summaryEntityKeys([...isk24h, ...isk7d]), ...topListKeys({ lists: activeLists })];
  const names = await resolveEntityNames({ sql, universe, keys });
  return { isk24h, isk7d, activeLists, names };
}
