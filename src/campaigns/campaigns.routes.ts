/**
 * `/campaigns/`, `/campaign/<id>/` (kills, totals, top lists, heatmap: an entity page for a saved filter) and, when
 * logging in is wired (`accounts`), `/campaigns/new/`: a logged-in user's form, CSRF-checked like the account page's.
 */
import { Hono, type Context } from "hono";
import { createAccountsRepository } from "../accounts/accounts.repository.ts";
import { NO_STORE, type AccountsWebDeps } from "../accounts/accounts.routes.ts";
import { checkCsrf, formToken, readAccountId } from "../accounts/accounts.session.ts";
import { AppError } from "../app/errors.ts";
import { presentSummaries } from "../killmails/killmail.lists.ts";
import { decodeCursor, encodeCursor } from "../killmails/killmail.queries.ts";
import type { PageDeps } from "../present/present.deps.ts";
import { LIST_CACHE_CONTROL, nextPageUrl, PAGE_SIZE } from "../present/present.paging.ts";
import { createCampaignLoginError, createCampaignNotFoundError } from "./campaigns.errors.ts";
import { campaignUrl, presentCampaignHeader, presentCampaignStats, presentTotals } from "./campaigns.present.ts";
import { createCampaignRepository, type Campaign } from "./campaigns.repository.ts";
import { campaignId, parseCampaignInput } from "./campaigns.schemas.ts";
import { createCampaign, getCampaign, listCampaigns, loadCampaignStats, loadCampaignTotals } from "./campaigns.usecases.ts";

type Deps = Pick<PageDeps, "sql" | "universe" | "renderer" | "now" | "live">;
const LIST_SIZE = 100;

const readId = (c: Context) => {
  const parsed = campaignId.safeParse(c.req.param("id"));
  if (!parsed.success) throw createCampaignNotFoundError({ id: JSON.stringify(c.req.param("id") ?? "") });
  return parsed.data;
};

/** The kills list, keyset-paged like every list; the first page follows `/ws/v1` subscribed by the campaign. */
async function loadKillsPage({ c, deps, campaign }: { c: Context; deps: Deps; campaign: Campaign }) {
  const after = c.req.query("after");
  const cursor = after ? decodeCursor({ text: after }) ?? undefined : undefined;
  // Read before the rows, as loadKillmailPage does: a kill stored in between is listed and replayed, never neither.
  const head = deps.live && !cursor ? await deps.live.readHead() : null;
  const rows = await createCampaignRepository({ sql: deps.sql }).listKillmails({ filter: campaign.filter, page: { cursor, limit: PAGE_SIZE } });
  const last = rows.at(-1);
  const live = deps.live && head !== null ? {
    filter: JSON.stringify({ campaign: campaign.id }), after: head, url: deps.live.socketUrl ?? "", port: deps.live.socketPort,
    rows: "/partials/killmail-row/", loss: "",
  } : null;
  return {
    rows: await presentSummaries({ sql: deps.sql, universe: deps.universe, rows }),
    next: nextPageUrl({ requestUrl: c.req.url, rowCount: rows.length, cursor: last ? encodeCursor({ cursor: { time: last.killmailTime, id: last.killmailId } }) : null }),
    live,
  };
}

async function renderCampaign({ c, deps }: { c: Context; deps: Deps }) {
  const campaign = await getCampaign({ sql: deps.sql, id: readId(c) });
  const [page, totals, stats] = await Promise.all([
    loadKillsPage({ c, deps, campaign }), loadCampaignTotals({ sql: deps.sql, campaign }),
    loadCampaignStats({ sql: deps.sql, universe: deps.universe, campaign }),
  ]);
  const header = presentCampaignHeader({ campaign, context: { universe: deps.universe, names: stats.names } });
  return c.html(deps.renderer.render("campaign", {
    title: `${campaign.name} · Campaign`, description: `Kills of the campaign ${campaign.name}`, ...header,
    totals: presentTotals({ totals }), ...presentCampaignStats({ stats, universe: deps.universe, totals }), ...page,
  }), 200, { "Cache-Control": LIST_CACHE_CONTROL });
}

function createCampaignFormRoutes({ accounts }: { accounts: AccountsWebDeps }) {
  const repository = createAccountsRepository({ sql: accounts.sql });
  const accountOf = (c: Context) => readAccountId({ c, settings: accounts.cookies, repository, now: accounts.now() });
  const render = async (c: Context, { problem = "", values = { name: "", description: "", filter: "" }, status = 200 }: {
    problem?: string; values?: Record<string, string>; status?: 200 | 400;
  } = {}) => {
    const csrf = await formToken({ c, settings: accounts.cookies });
    return c.html(accounts.renderer.render("campaign-new", { title: "New campaign", csrf, problem, values }), status, NO_STORE);
  };
  return new Hono()
    .get("/campaigns/new/", async (c) => {
      if (!(await accountOf(c))) throw createCampaignLoginError();
      return render(c);
    })
    .post("/campaigns/new/", async (c) => {
      const form = await c.req.parseBody();
      await checkCsrf({ c, settings: accounts.cookies, given: form.csrf });
      const accountId = await accountOf(c);
      if (!accountId) throw createCampaignLoginError();
      const values = { name: String(form.name ?? ""), description: String(form.description ?? ""), filter: String(form.filter ?? "") };
      try {
        const input = parseCampaignInput({ name: values.name, description: values.description, filterText: values.filter });
        const campaign = await createCampaign({ sql: accounts.sql, input, createdBy: accountId });
        return c.redirect(campaignUrl(campaign.id), 303);
      } catch (error) {
        // The form comes back filled in with the problem, rather than an error page that loses what was typed.
        if (error instanceof AppError && error.code === "campaign.bad_input") return render(c, { problem: error.message, values, status: 400 });
        throw error;
      }
    });
}

export function createCampaignRoutes({ deps, accounts }: { deps: Deps; accounts?: AccountsWebDeps }) {
  const app = new Hono()
    .get("/campaigns/", async (c) => {
      const campaigns = await listCampaigns({ sql: deps.sql, limit: LIST_SIZE });
      const rows = campaigns.map((campaign) => ({ name: campaign.name, url: campaignUrl(campaign.id), description: campaign.description ?? "" }));
      return c.html(deps.renderer.render("campaigns", { title: "Campaigns", rows, canCreate: !!accounts }), 200, { "Cache-Control": LIST_CACHE_CONTROL });
    })
    .get("/campaign/:id/", (c) => renderCampaign({ c, deps }));
  if (accounts) app.route("/", createCampaignFormRoutes({ accounts }));
  return app;
}

