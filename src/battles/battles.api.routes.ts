/** `/api/v1/battles`: detected battles, newest-ended first, keyset-paged, by solarSystemId / regionId / minKills; `/api/v1/battles/{id}` adds its kill ids. */
import { Hono } from "hono";
import type { PageDeps } from "../present/present.deps.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import { readParams, readQuery } from "../present/present.validate.ts";
import { createBattlesReadRepository, type StoredBattle } from "./battles.read.repository.ts";
import { battleIdParams, battleListQuery } from "./battles.schemas.ts";
import { listBattlesPage } from "./battles.list.usecases.ts";

const toJson = (battle: StoredBattle) => ({
  id: battle.battleId, startedAt: battle.startedAt.toISOString(), endedAt: battle.endedAt.toISOString(), solarSystemIds: battle.solarSystemIds,
  kills: battle.killCount, iskDestroyed: battle.iskDestroyed, pilots: battle.pilotCount,
  sides: { left: { parties: battle.sides.left, iskLost: battle.sides.lost?.left ?? null, shipsLost: battle.sides.losses?.left ?? null },
    right: { parties: battle.sides.right, iskLost: battle.sides.lost?.right ?? null, shipsLost: battle.sides.losses?.right ?? null } },
  url: `/battle/${battle.battleId}/`,
});

export function createBattleApiRoutes({ deps }: { deps: Pick<PageDeps, "sql" | "universe"> }) {
  const reads = createBattlesReadRepository({ sql: deps.sql });
  return new Hono()
    .get("/", async (c) => {
      const { limit, cursor, solarSystemId, regionId, minKills } = readQuery({ c, schema: battleListQuery });
      const filter = { solarSystemId, regionId, minKills, parameters: { solarSystemId: "solarSystemId", regionId: "regionId" } };
      const { battles, nextCursor } = await listBattlesPage({ reads, universe: deps.universe, filter, before: cursor, limit });
      return c.json({ data: battles.map(toJson), nextCursor }, 200, { "Cache-Control": "public, max-age=60" });
    })
    .get("/:id", async (c) => {
      const { id } = readParams({ c, schema: battleIdParams });
      const battle = await reads.findBattle({ battleId: id });
      if (!battle) throw createNotFoundError({ what: `Battle ${id}` });
      const keys = await reads.listKillKeys({ source: { battleId: id } });
      return c.json({ ...toJson(battle), killmailIds: keys.map((key) => key.killmailId) }, 200, { "Cache-Control": "public, max-age=60" });
    });
}
