/**
 * `/v2/oauth/token` and `/v2/oauth/revoke` (UPSTREAMS e., RFC 6749 §5, RFC 7009). Form-encoded bodies; answers
 * in EVE's JSON shapes. Every error is a 400 `{"error","error_description"}`, invalid_client included (the
 * emulator has no registry to fail against, so it only means no client was named).
 */
import { Hono, type Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { exchangeGrant, readClient, type OAuthError, type TokenForm } from "./sso.exchange.ts";
import { ACCESS_TOKEN_LIFETIME_SECONDS, mintAccessToken } from "./sso.tokens.ts";

// RFC 6749 §5.1: token answers must not be cached.
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

const oauthError = ({ c, problem }: { c: Context<EmulatorEnv>; problem: OAuthError }) =>
  c.json({ error: problem.error, error_description: problem.description }, 400, NO_STORE);

async function readForm({ c }: { c: Context<EmulatorEnv> }): Promise<TokenForm | undefined> {
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) return undefined;
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
}

const notForm: OAuthError = { error: "invalid_request", description: "The body must be application/x-www-form-urlencoded" };

export function createSsoTokenRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const { grants, keys } = context.sso;

  app.post("/v2/oauth/token", async (c) => {
    const form = await readForm({ c });
    if (!form) return oauthError({ c, problem: notForm });
    const client = readClient({ authorization: c.req.header("authorization"), form });
    if ("error" in client) return oauthError({ c, problem: client });
    const nowMs = context.now();
    const exchanged = exchangeGrant({ store: grants, form, clientId: client.clientId, nowMs });
    if ("error" in exchanged) return oauthError({ c, problem: exchanged });
    const issuer = new URL(c.req.url).origin;
    const accessToken = await mintAccessToken({ key: await keys.currentKey(), grant: exchanged.grant, issuer, nowMs });
    grants.countAccessToken();
    const body = { access_token: accessToken, expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, token_type: "Bearer", refresh_token: exchanged.refreshToken };
    return c.json(body, 200, NO_STORE);
  });

  // RFC 7009 §2.2: an unknown token is no error, the answer is 200 either way. Access tokens are JWTs and
  // cannot be recalled; they run out on their own.
  app.post("/v2/oauth/revoke", async (c) => {
    const form = await readForm({ c });
    if (!form) return oauthError({ c, problem: notForm });
    const client = readClient({ authorization: c.req.header("authorization"), form });
    if ("error" in client) return oauthError({ c, problem: client });
    if (!form.token) return oauthError({ c, problem: { error: "invalid_request", description: "The token parameter is missing" } });
    if (form.token_type_hint !== "access_token") grants.revoke({ token: form.token, clientId: client.clientId });
    return c.body(null, 200);
  });

  return app;
}
