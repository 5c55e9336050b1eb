/**
 * The emulated EVE SSO (UPSTREAMS e.) at EVE's paths on the emulator's one port: RFC 8414 metadata, JWKS,
 * authorize, token, revoke, verify. The issuer is the origin the request reached (e.g. `http://127.0.0.1:8900`)
 * and every endpoint of the metadata points back at it, so a client that discovers endpoints never leaves the
 * emulator.
 */
import { Hono } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { createSsoAuthorizeRoutes } from "./sso.authorize.routes.ts";
import { createSsoTokenRoutes } from "./sso.token.routes.ts";
import { verifyAccessToken } from "./sso.tokens.ts";

export const SSO_PATHS = ["/.well-known/oauth-authorization-server", "/oauth/jwks"];
export const SSO_PREFIX = "/v2/oauth/";

/** The real document's shape (shared/data/sso/oauth-authorization-server.json), pointed at `issuer`. */
export function metadataFor({ issuer }: { issuer: string }) {
  const methods = ["client_secret_basic", "client_secret_post", "client_secret_jwt"];
  return {
    issuer,
    authorization_endpoint: `${issuer}/v2/oauth/authorize`,
    token_endpoint: `${issuer}/v2/oauth/token`,
    userinfo_endpoint: `${issuer}/v2/oauth/verify`,
    response_types_supported: ["code", "token"],
    jwks_uri: `${issuer}/oauth/jwks`,
    revocation_endpoint: `${issuer}/v2/oauth/revoke`,
    subject_types_supported: ["public"],
    revocation_endpoint_auth_methods_supported: methods,
    token_endpoint_auth_methods_supported: methods,
    id_token_signing_alg_values_supported: ["HS256"],
    token_endpoint_auth_signing_alg_values_supported: ["HS256"],
    code_challenge_methods_supported: ["S256"],
  };
}

/** The legacy verify answer; ExpiresOn is UTC without a zone, as EVE writes it. */
function verifyBody({ claims, characterId, scopes }: { claims: { name: string; owner: string; exp?: number }; characterId: number; scopes: string[] }) {
  return {
    CharacterID: characterId,
    CharacterName: claims.name,
    ExpiresOn: new Date((claims.exp ?? 0) * 1000).toISOString().slice(0, 19),
    Scopes: scopes.join(" "),
    TokenType: "Character",
    CharacterOwnerHash: claims.owner,
    IntellectualProperty: "EVE",
  };
}

export function createSsoApp({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();

  app.get("/.well-known/oauth-authorization-server", (c) => c.json(metadataFor({ issuer: new URL(c.req.url).origin })));
  app.get("/oauth/jwks", async (c) => c.json(await context.sso.keys.jwks()));

  app.get("/v2/oauth/verify", async (c) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!token) return c.json({ error: "invalid_request", error_description: "A Bearer access token is required" }, 401);
    const check = await verifyAccessToken({ keys: context.sso.keys, token, nowMs: context.now() });
    if ("problem" in check) return c.json({ error: "invalid_token", error_description: check.problem === "expired" ? "The token is expired" : "The token is not valid" }, 401);
    return c.json(verifyBody(check));
  });

  app.route("/", createSsoAuthorizeRoutes({ context }));
  app.route("/", createSsoTokenRoutes({ context }));
  app.notFound((c) => c.json({ error: "not_found", error_description: "No such SSO endpoint" }, 404));
  return app;
}
