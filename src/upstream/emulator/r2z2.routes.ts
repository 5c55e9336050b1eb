/**
 * zKillboard R2Z2 (UPSTREAMS a.4): `ephemeral/sequence.json` lags the head, `ephemeral/{n}.json` is one
 * published killmail, 404 until published and again once expired (past `r2z2RetainedSequences` behind the head),
 * 429 past 20 requests/s per client, 403 without a User-Agent.
 */
import { Hono } from "hono";
import { createWindowCounter, type EmulatorContext, type EmulatorEnv } from "./emulator.context.ts";
import { zkbOf } from "./zkb.ts";

const JSON_HEADERS = { "content-type": "application/json" };

export function createR2z2Routes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const limiter = createWindowCounter({ limit: context.r2z2RequestsPerSecond, windowMs: 1000, now: context.now });

  app.use("*", async (c, next) => {
    // zKillboard refuses clients without a User-Agent (Shrike reads 403 as "missing or unacceptable User-Agent").
    if (!c.req.header("user-agent")) return c.body("403 Forbidden", 403, { "content-type": "text/plain" });
    if (!limiter.allow(c.env.ip)) return c.body("429 Too Many Requests", 429, { "content-type": "text/plain" });
    await next();
  });

  app.get("/ephemeral/sequence.json", (c) =>
    c.body(JSON.stringify({ sequence: context.feed.advertisedSequence() }), 200, JSON_HEADERS),
  );

  app.get("/ephemeral/:file{[0-9]+\\.json}", (c) => {
    const sequence = Number(c.req.param("file").slice(0, -5));
    const head = context.feed.headSequence() ?? 0;
    const entry = sequence > head - context.r2z2RetainedSequences ? context.feed.atSequence(sequence) : undefined;
    if (!entry) return c.body("Not Found", 404, { "content-type": "text/plain" });
    const { record } = entry;
    const body = {
      killmail_id: record.killmail_id,
      hash: record.hash,
      esi: record.esi,
      zkb: zkbOf({ record, zkbFor: context.zkbFor }),
      uploaded_at: entry.uploadedAt,
      sequence_id: entry.sequence,
    };
    return c.body(JSON.stringify(body), 200, JSON_HEADERS);
  });

  return app;
}
