/**
 * The authorize request (UPSTREAMS e.): `response_type=code&client_id&redirect_uri&scope=<space separated>&state`
 * plus `code_challenge` and `code_challenge_method=S256` for PKCE, and where the browser goes back to. `state` is
 * echoed byte for byte and left out only when the client sent none (RFC 6749 §4.1.2).
 */

export type AuthorizeRequest = {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
};

type Read = (name: string) => string | undefined;

function checkRedirectUri(value: string | undefined) {
  if (!value) return "Missing redirect_uri";
  if (!URL.canParse(value)) return "redirect_uri is not an absolute URL";
  return undefined;
}

function checkChallenge({ challenge, method }: { challenge: string | undefined; method: string | undefined }) {
  if (method !== undefined && method !== "S256") return "code_challenge_method must be S256";
  // Without a method RFC 7636 means "plain", which EVE does not support.
  if (challenge && method === undefined) return "code_challenge_method must be S256";
  if (method !== undefined && !challenge) return "Missing code_challenge";
  return undefined;
}

type Parsed = { request: AuthorizeRequest; error?: undefined } | { error: string; request?: undefined };

export function parseAuthorizeRequest({ read }: { read: Read }): Parsed {
  const clientId = read("client_id");
  if (!clientId) return { error: "Missing client_id" };
  const badRedirect = checkRedirectUri(read("redirect_uri"));
  if (badRedirect) return { error: badRedirect };
  if (read("response_type") !== "code") return { error: "response_type must be code" };
  const challenge = read("code_challenge") || undefined;
  const badChallenge = checkChallenge({ challenge, method: read("code_challenge_method") || undefined });
  if (badChallenge) return { error: badChallenge };
  const scopes = (read("scope") ?? "").split(" ").filter(Boolean);
  const state = read("state");
  return {
    request: {
      clientId,
      redirectUri: read("redirect_uri")!,
      scopes: [...new Set(scopes)],
      ...(state === undefined ? {} : { state }),
      ...(challenge ? { codeChallenge: challenge } : {}),
    },
  };
}

function redirectTo({ request, params }: { request: AuthorizeRequest; params: Record<string, string> }) {
  const url = new URL(request.redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (request.state !== undefined) url.searchParams.set("state", request.state);
  return url.toString();
}

export const approvalRedirect = ({ request, code }: { request: AuthorizeRequest; code: string }) => redirectTo({ request, params: { code } });

/** The user pressed Cancel (RFC 6749 §4.1.2.1). */
export const denialRedirect = ({ request }: { request: AuthorizeRequest }) =>
  redirectTo({ request, params: { error: "access_denied", error_description: "The user denied the request" } });
