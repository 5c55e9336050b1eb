/**
 * The emulator's own JSON control API under /_emulator (not part of any upstream): publish on demand, read and
 * reset counters, change faults while running, move the clock. Tests and users drive the sandbox through it.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import type { Faults } from "./faults.ts";
import { applyClockPatch, describeClock, type ClockPatch } from "./clock.ts";
import { createSsoControlRoutes } from "./sso.control.routes.ts";

export type FaultPatch = Partial<Faults> & { errorStormSeconds?: number };

export function applyFaults({ context, patch }: { context: EmulatorContext; patch: FaultPatch }) {
  const { errorStormSeconds, ...rest } = patch;
  const known = Object.fromEntries(Object.entries(rest).filter(([key, value]) => ["errorRate", "delayMs", "dropRate"].includes(key) && typeof value === "number"));
  context.faults.set(known);
  if (errorStormSeconds && errorStormSeconds > 0) context.esiLimits.startStorm(errorStormSeconds * 1000);
  return context.faults.get();
}

export function publishNow({ context, count, spanMs }: { context: EmulatorContext; count: number; spanMs?: number }) {
  const entries = context.feed.publish({ count, spanMs });
  context.stats.countPublished(entries.length);
  return entries;
}

export function createControlRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const readBody = async (request: Request) => (await request.json().catch(() => ({}))) as Record<string, unknown>;

  app.get("/_emulator/stats", (c) => c.json(context.stats.snapshot()));
  app.post("/_emulator/stats/reset", (c) => {
    context.stats.reset();
    return c.json({ ok: true });
  });

  app.get("/_emulator/state", (c) =>
    c.json({
      records: context.dataset.records.length,
      published: context.feed.publishedCount(),
      remaining: context.feed.remaining(),
      headSequence: context.feed.headSequence(),
      advertisedSequence: context.feed.advertisedSequence(),
      faults: context.faults.get(),
    }),
  );

  app.post("/_emulator/publish", async (c) => {
    const count = Number((await readBody(c.req.raw)).count ?? 1);
    if (!Number.isInteger(count) || count < 0) return c.json({ error: "count must be a non-negative integer" }, 400);
    const entries = publishNow({ context, count });
    return c.json({ published: entries.map((entry) => ({ killmail_id: entry.record.killmail_id, sequence: entry.sequence })) });
  });

  app.get("/_emulator/faults", (c) => c.json(context.faults.get()));
  app.post("/_emulator/faults", async (c) => c.json(applyFaults({ context, patch: (await readBody(c.req.raw)) as FaultPatch })));

  app.get("/_emulator/clock", (c) => c.json(describeClock({ clock: context.clock })));
  app.post("/_emulator/clock", async (c) => {
    const { error } = applyClockPatch({ clock: context.clock, patch: (await readBody(c.req.raw)) as ClockPatch });
    if (error) return c.json({ error }, 400);
    return c.json(describeClock({ clock: context.clock }));
  });

  app.route("/", createSsoControlRoutes({ context }));

  return app;
}
