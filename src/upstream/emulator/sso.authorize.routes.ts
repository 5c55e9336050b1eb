/**
 * `/v2/oauth/authorize`: GET shows the login page, POST (the page's form) picks a character and sends the
 * browser back with a code. Emulator convenience for tests without a browser: GET with `character_id=<id>&approve=1`
 * approves at once. Problems with the request are a 400 page, as EVE shows them instead of redirecting.
 */
import { Hono, type Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { renderAuthorizePage, renderErrorPage } from "./sso.authorize.page.ts";
import { approvalRedirect, denialRedirect, parseAuthorizeRequest, type AuthorizeRequest } from "./sso.authorize.request.ts";
import { findSsoCharacter, SSO_CHARACTERS } from "./sso.characters.ts";

const badRequest = ({ c, message }: { c: Context<EmulatorEnv>; message: string }) => c.html(renderErrorPage({ message }), 400);

function chosenCharacter(value: string | undefined) {
  if (!value) return { error: "Choose a character" };
  const character = /^\d+$/.test(value) ? findSsoCharacter(Number(value)) : undefined;
  return character ? { character } : { error: `Unknown character ${value}` };
}

function approve({ c, context, request, characterId }: { c: Context<EmulatorEnv>; context: EmulatorContext; request: AuthorizeRequest; characterId: number }) {
  const code = context.sso.grants.issueCode({
    request: { clientId: request.clientId, redirectUri: request.redirectUri, scopes: request.scopes, characterId, ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}) },
    nowMs: context.now(),
  });
  return c.redirect(approvalRedirect({ request, code }), 302);
}

export function createSsoAuthorizeRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();

  app.get("/v2/oauth/authorize", (c) => {
    const parsed = parseAuthorizeRequest({ read: (name) => c.req.query(name) });
    if (parsed.error !== undefined) return badRequest({ c, message: parsed.error });
    const wanted = c.req.query("character_id");
    if (wanted === undefined) return c.html(renderAuthorizePage({ request: parsed.request, characters: SSO_CHARACTERS }));
    const chosen = chosenCharacter(wanted);
    if (chosen.error !== undefined) return badRequest({ c, message: chosen.error });
    if (c.req.query("approve") === "1") return approve({ c, context, request: parsed.request, characterId: chosen.character.id });
    return c.html(renderAuthorizePage({ request: parsed.request, characters: SSO_CHARACTERS, selectedId: chosen.character.id }));
  });

  app.post("/v2/oauth/authorize", async (c) => {
    const form = await c.req.parseBody();
    const read = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : undefined);
    const parsed = parseAuthorizeRequest({ read });
    if (parsed.error !== undefined) return badRequest({ c, message: parsed.error });
    if (read("decision") === "deny") return c.redirect(denialRedirect({ request: parsed.request }), 302);
    const chosen = chosenCharacter(read("character_id"));
    if (chosen.error !== undefined) return badRequest({ c, message: chosen.error });
    return approve({ c, context, request: parsed.request, characterId: chosen.character.id });
  });

  return app;
}
