/**
 * zKillboard history dumps on R2 (UPSTREAMS b.1): per UTC day `{"<id>":"<hash>"}` and `raw/` `{"<id>": <ESI>}`,
 * sorted by id, plus `totals.json`. They cover the whole data set (the archive), not only what was published.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";

// Cache-Control and Content-Type of the R2 dumps (cron/9.dayDump.php).
const HISTORY_HEADERS = { "content-type": "application/json", "cache-control": "public, max-age=31536000" };

export function createHistoryRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const notFound = (c: { body: (text: string, status: 404, headers: Record<string, string>) => Response }) =>
    c.body("Not Found", 404, { "content-type": "text/plain" });

  app.get("/history/totals.json", (c) => {
    const days = [...context.dataset.days.keys()].sort();
    const parts = days.map((day) => `"${day}":${context.dataset.days.get(day)!.length}`);
    return c.body(`{${parts.join(",")}}`, 200, HISTORY_HEADERS);
  });

  // Built by hand so key order is the id order whatever the engine does with integer-like keys.
  app.get("/history/raw/:file{[0-9]{8}\\.json}", (c) => {
    const records = context.dataset.days.get(c.req.param("file").slice(0, 8));
    if (!records) return notFound(c);
    const parts = records.map((record) => `"${record.killmail_id}":${JSON.stringify(record.esi)}`);
    return c.body(`{${parts.join(",")}}`, 200, HISTORY_HEADERS);
  });

  app.get("/history/:file{[0-9]{8}\\.json}", (c) => {
    const records = context.dataset.days.get(c.req.param("file").slice(0, 8));
    if (!records) return notFound(c);
    const parts = records.map((record) => `"${record.killmail_id}":"${record.hash}"`);
    return c.body(`{${parts.join(",")}}`, 200, HISTORY_HEADERS);
  });

  return app;
}
