/**
 * The way in: the sign-in form (the only admin path open without the token), the check every other admin path
 * passes, and sign-out. A refusal is a 401 counted against the client's budget of wrong guesses, and never
 * logs what was presented: a wrong token is often a right one for something else.
 */
import { Hono, type Context, type Handler, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AdminDeps, AdminShell } from "./admin.deps.ts";
import { endAdminSession, isAdminRequest, matchesToken, readBearer, startAdminSession, type AdminAuthOptions } from "./admin.auth.ts";

const LOGIN_BODY_MAX_BYTES = 4 * 1024;

const wantsHtml = (c: Context) => (c.req.header("accept") ?? "").includes("text/html");

export function createAdminGate({ admin, shell }: { admin: AdminDeps; shell: AdminShell }) {
  const auth: AdminAuthOptions = { token: admin.token, trustProxyHeader: admin.trustProxyHeader, now: admin.now ?? (() => Date.now()) };
  const loginPage = (message?: string) => shell.renderer.render("admin-login", { title: "Admin sign-in", message });

  /** The login form for browsers, JSON for scripts; a client past its budget gets the limiter's 429 instead. */
  async function refuse({ c, message }: { c: Context; message?: string }) {
    const limited = await shell.limits.failures(c, async () => {
      const headers = { "WWW-Authenticate": 'Bearer realm="killboard admin"' };
      c.res = wantsHtml(c) ? c.html(loginPage(message), 401, headers) : c.json({ error: message ?? "ADMIN_TOKEN required: send Authorization: Bearer <token>" }, 401, headers);
    });
    return limited ?? c.res;
  }

  const login = new Hono();
  login.get("/admin/login", (c) => c.html(loginPage()));
  login.post("/admin/login", bodyLimit({ maxSize: LOGIN_BODY_MAX_BYTES }), async (c) => {
    const { token } = await c.req.parseBody();
    if (typeof token !== "string" || !matchesToken({ given: token.trim(), token: admin.token })) {
      admin.logger.warn("admin: sign-in with a wrong token");
      return refuse({ c, message: "That token is not right." });
    }
    await startAdminSession({ c, auth });
    return c.redirect("/admin/", 303);
  });

  const requireAdmin: MiddlewareHandler = async (c, next) => {
    if (await isAdminRequest({ c, auth })) return next();
    if (readBearer({ header: c.req.header("authorization") }) !== null) admin.logger.warn(`admin: wrong bearer token for ${c.req.method} ${c.req.path}`);
    return refuse({ c });
  };

  const logout: Handler = (c) => {
    endAdminSession({ c, auth });
    return c.redirect("/admin/login", 303);
  };

  return { login, requireAdmin, logout };
}
