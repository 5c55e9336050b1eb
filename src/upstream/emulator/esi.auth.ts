/**
 * ESI's checks on an authenticated route, in ESI's order and words: no token 401, a token that does not verify
 * 401, an expired one 403 with the SSO's status, a missing scope 403 (UPSTREAMS e.; swagger `forbidden` carries
 * `sso_status`). Tokens are checked against the emulated SSO's own keys and the emulator's clock.
 */
import type { Context } from "hono";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { esiError } from "./esi.respond.ts";
import { verifyAccessToken } from "./sso.tokens.ts";

export type EsiAuthorized = { characterId: number; scopes: string[] };

export async function authorizeEsi({ c, context, scope }: { c: Context<EmulatorEnv>; context: EmulatorContext; scope: string }): Promise<EsiAuthorized | Response> {
  const header = c.req.header("authorization");
  if (!header) return esiError({ c, status: 401, message: "authorization not provided" });
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) return esiError({ c, status: 401, message: "authorization not valid" });
  const check = await verifyAccessToken({ keys: context.sso.keys, token, nowMs: context.now() });
  if ("problem" in check) {
    if (check.problem === "expired") return esiError({ c, status: 403, message: "token is expired", extra: { sso_status: 400 } });
    return esiError({ c, status: 401, message: "authorization not valid" });
  }
  if (!check.scopes.includes(scope)) return esiError({ c, status: 403, message: "token not valid for scope" });
  return { characterId: check.characterId, scopes: check.scopes };
}
