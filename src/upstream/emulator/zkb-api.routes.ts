/**
 * zKillboard's per-entity API (`/api/<kind>ID/<id>/page/<n>/`): the kills and losses of one character,
 * corporation or alliance as `[{killmail_id, zkb}]`, newest first, ZKB_API_PAGE_SIZE per page, `[]` past the end.
 * Served from the data set, so an entity's history here is exactly its records.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import type { EmulatorRecord } from "./dataset.ts";
import { zkbOf } from "./zkb.ts";

export const ZKB_API_PAGE_SIZE = 1_000;
const FIELD_OF = { characterID: "character_id", corporationID: "corporation_id", allianceID: "alliance_id" } as const;
type Modifier = keyof typeof FIELD_OF;

const involves = ({ record, field, id }: { record: EmulatorRecord; field: (typeof FIELD_OF)[Modifier]; id: number }) =>
  [record.esi.victim, ...record.esi.attackers].some((party) => (party as Record<string, unknown>)[field] === id);

export function createZkbApiRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  // One scan per entity, newest first; the data set never changes while the emulator runs.
  const histories = new Map<string, EmulatorRecord[]>();
  const historyOf = (modifier: Modifier, id: number) => {
    const key = `${modifier}:${id}`;
    if (!histories.has(key)) {
      const field = FIELD_OF[modifier];
      histories.set(key, context.dataset.records.filter((record) => involves({ record, field, id })).sort((a, b) => b.killmail_id - a.killmail_id));
    }
    return histories.get(key)!;
  };

  app.get("/api/:modifier/:id{[0-9]+}/page/:page{[0-9]+}/", (c) => {
    const modifier = c.req.param("modifier");
    const page = Number(c.req.param("page"));
    if (!Object.hasOwn(FIELD_OF, modifier) || page < 1) return c.json({ error: "Invalid request" }, 400);
    const start = (page - 1) * ZKB_API_PAGE_SIZE;
    const records = historyOf(modifier as Modifier, Number(c.req.param("id"))).slice(start, start + ZKB_API_PAGE_SIZE);
    return c.json(records.map((record) => ({ killmail_id: record.killmail_id, zkb: zkbOf({ record, zkbFor: context.zkbFor }) })));
  });
  return app;
}
