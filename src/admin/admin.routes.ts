/**
 * /admin (the deployment status), /admin/status.json and /admin/queues (bull-board), mounted by the web app only
 * when ADMIN_TOKEN is set. Every path under /admin except the sign-in form answers 401 without the token, and every
 * answer is `Cache-Control: no-store`, so neither the microcache nor a proxy keeps an admin page.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { AdminDeps, AdminShell } from "./admin.deps.ts";
import { createAdminGate } from "./admin.gate.ts";
import { presentStatusPage } from "./admin.present.ts";
import { ADMIN_QUEUES_PATH, createQueueBoard } from "./admin.queues.ts";

const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Robots-Tag", "noindex");
};

export function createAdminRoutes({ admin, shell }: { admin: AdminDeps; shell: AdminShell }) {
  const app = new Hono();
  // csrf() refuses a cross-site form post by throwing a 403 HTTPException: that is the answer, not a server error.
  app.onError((error) => {
    if (error instanceof HTTPException) return error.getResponse();
    throw error;
  });
  // "/admin/*" matches "/admin" itself too. Handlers run in the order registered: the sign-in form before the gate.
  app.use("/admin/*", noStore, shell.limits.all, csrf());
  const gate = createAdminGate({ admin, shell });
  app.route("/", gate.login);
  app.use("/admin/*", gate.requireAdmin);

  const statusPage = async (c: Context) => c.html(shell.renderer.render("admin-status", presentStatusPage({ status: await admin.readStatus() })));
  app.get("/admin", statusPage);
  app.get("/admin/", statusPage);
  app.get("/admin/status.json", async (c) => c.json(await admin.readStatus()));
  app.post("/admin/logout", gate.logout);

  const board = createQueueBoard({ queues: admin.queues });
  // Mounted, the board's page answers at /admin/queues only; a link or reload may add the slash. Its page does not
  // depend on the path (the client-side router reads the address), so the board's own root renders it.
  app.get(`${ADMIN_QUEUES_PATH}/`, (c) => board.fetch(new Request(new URL("/", c.req.url))));
  app.route(ADMIN_QUEUES_PATH, board);
  return app;
}
