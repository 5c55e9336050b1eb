/**
 * ESI's authenticated killmail lists (UPSTREAMS c.4, e.): a character's or a corporation's kills and losses of
 * the last 90 days. Each needs its scope; the corporation one also a Director of that corporation
 * (`x-required-roles: [Director]`). Wording of the corporation refusals: "Character not in corporation" is
 * ESI's own (esi/esi-issues#417, #979); the role message follows ESI's phrasing of its role checks.
 */
import { Hono, type Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { authorizeEsi } from "./esi.auth.ts";
import { listRecentKillmails } from "./esi.recent.model.ts";
import { esiCached, esiError } from "./esi.respond.ts";
import { findSsoCharacter, SSO_CHARACTERS } from "./sso.characters.ts";
import type { EmulatorRecord } from "./dataset.ts";

export const CHARACTER_KILLMAILS_SCOPE = "esi-killmails.read_killmails.v1";
export const CORPORATION_KILLMAILS_SCOPE = "esi-killmails.read_corporation_killmails.v1";
// OpenAPI x-cache-age of both routes.
const RECENT_CACHE_SECONDS = 300;

/** One page holds everything the emulator has (ESI's page size is 1000 rows; at most 9 private kills here). */
function answerList({ c, context, records }: { c: Context<EmulatorEnv>; context: EmulatorContext; records: EmulatorRecord[] }) {
  const page = Number(c.req.query("page") ?? 1);
  if (!Number.isInteger(page) || page < 1) return esiError({ c, status: 400, message: "page must be a positive integer" });
  if (page > 1) return esiError({ c, status: 404, message: "Requested page does not exist!" });
  const rows = listRecentKillmails({ records, nowMs: context.now() });
  c.header("X-Pages", "1");
  return esiCached({ c, body: rows, cacheSeconds: RECENT_CACHE_SECONDS, lastModified: context.startedAt, emulated: true, now: context.now() });
}

export function createEsiAuthRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();

  app.get("/characters/:id{[0-9]+}/killmails/recent", async (c) => {
    const auth = await authorizeEsi({ c, context, scope: CHARACTER_KILLMAILS_SCOPE });
    if (auth instanceof Response) return auth;
    if (auth.characterId !== Number(c.req.param("id"))) return esiError({ c, status: 403, message: "token not valid for this character" });
    return answerList({ c, context, records: context.privateKillmails.ofCharacter(auth.characterId) });
  });

  app.get("/corporations/:id{[0-9]+}/killmails/recent", async (c) => {
    const auth = await authorizeEsi({ c, context, scope: CORPORATION_KILLMAILS_SCOPE });
    if (auth instanceof Response) return auth;
    const corporationId = Number(c.req.param("id"));
    const character = findSsoCharacter(auth.characterId);
    if (!character || character.corporationId !== corporationId) return esiError({ c, status: 403, message: "Character not in corporation" });
    if (!character.director) return esiError({ c, status: 403, message: "Character does not have required role(s)" });
    const members = SSO_CHARACTERS.filter((member) => member.corporationId === corporationId);
    return answerList({ c, context, records: members.flatMap((member) => context.privateKillmails.ofCharacter(member.id)) });
  });

  return app;
}
