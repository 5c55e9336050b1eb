/**
 * Logs a character in on a running emulator without a browser: the authorize shortcut
 * (`character_id=…&approve=1`) then the PKCE code exchange, as a public client. For this module's tests and
 * for the board's tests that need a token.
 */
import { s256 } from "./sso.exchange.ts";

export const TEST_CLIENT_ID = "killboard-test-client";
export const TEST_REDIRECT_URI = "http://127.0.0.1/callback";

export type TokenBody = { access_token: string; expires_in: number; token_type: string; refresh_token: string };

export const newCodeVerifier = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

/** The code the authorize shortcut sends back (302 Location), with the verifier that redeems it. */
export async function authorizeWithShortcut({ base, characterId, scopes, clientId = TEST_CLIENT_ID, state = "test-state" }: {
  base: string;
  characterId: number;
  scopes: string[];
  clientId?: string;
  state?: string;
}) {
  const verifier = newCodeVerifier();
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: TEST_REDIRECT_URI,
    scope: scopes.join(" "),
    state,
    code_challenge: s256({ verifier }),
    code_challenge_method: "S256",
    character_id: String(characterId),
    approve: "1",
  });
  const response = await fetch(`${base}/v2/oauth/authorize?${query}`, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return { code: new URL(location).searchParams.get("code")!, verifier, location };
}

export function postTokenForm({ base, form, path = "/v2/oauth/token", headers = {} }: { base: string; form: Record<string, string>; path?: string; headers?: Record<string, string> }) {
  return fetch(`${base}${path}`, { method: "POST", redirect: "manual", body: new URLSearchParams(form), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
}

export async function loginWithSso({ base, characterId, scopes, clientId = TEST_CLIENT_ID }: { base: string; characterId: number; scopes: string[]; clientId?: string }) {
  const { code, verifier } = await authorizeWithShortcut({ base, characterId, scopes, clientId });
  const response = await postTokenForm({ base, form: { grant_type: "authorization_code", code, code_verifier: verifier, client_id: clientId } });
  if (response.status !== 200) throw new Error(`token answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenBody;
}
