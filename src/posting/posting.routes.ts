/** `/post/`: the manual posting form and its answer (the kill's link, or why not), without JavaScript. */
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isAppError } from "../app/errors.ts";
import { checkCsrf, formToken, type CookieSettings } from "../accounts/accounts.session.ts";
import { NO_STORE } from "../accounts/accounts.routes.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { postKillmail, type PostDeps, type PostOutcome } from "./posting.usecases.ts";

export type PostingWebDeps = Pick<PageDeps, "renderer"> & { cookies: CookieSettings; post: PostDeps };

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === "string" ? (form[name] as string).slice(0, 300) : "");

async function renderPost({ c, deps, status = 200, form = {}, error = "", outcome = null }: {
  c: Context; deps: PostingWebDeps; status?: number; form?: Record<string, unknown>; error?: string; outcome?: PostOutcome | null;
}) {
  const csrf = await formToken({ c, settings: deps.cookies });
  const view = {
    title: "Post a killmail", csrf, error, link: field(form, "link"), killmailId: field(form, "killmail_id"), hash: field(form, "hash"),
    outcome: outcome ? { result: outcome.result, url: `/kill/${outcome.killmailId}/` } : null,
  };
  return c.html(deps.renderer.render("post", view), status as ContentfulStatusCode, NO_STORE);
}

export function createPostingRoutes({ deps }: { deps: PostingWebDeps }) {
  return new Hono()
    .get("/post/", (c) => renderPost({ c, deps }))
    .post("/post/", async (c) => {
      const form = (await c.req.parseBody()) as Record<string, unknown>;
      await checkCsrf({ c, settings: deps.cookies, given: form.csrf });
      try {
        const outcome = await postKillmail({ deps: deps.post, form });
        return renderPost({ c, deps, status: outcome.result === "queued" ? 202 : 200, outcome });
      } catch (error) {
        // The form's own refusals (and ESI's) are shown on the form, keeping what was typed.
        if (isAppError(error) && error.code === "post.invalid") return renderPost({ c, deps, status: error.status, form, error: error.message });
        throw error;
      }
    });
}
