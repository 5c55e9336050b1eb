/**
 * The emulated login page: who asks (client_id), for what (scopes), as whom (a radio button per emulated
 * character, no portraits so the page needs nothing but itself). Every value that came from the request is
 * escaped: the page echoes client-supplied text.
 */
import type { AuthorizeRequest } from "./sso.authorize.request.ts";
import type { SsoCharacter } from "./sso.characters.ts";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);

const page = ({ title, body }: { title: string; body: string }) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;

function hiddenInputs({ request }: { request: AuthorizeRequest }) {
  const fields: Record<string, string | undefined> = {
    response_type: "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(" "),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: request.codeChallenge ? "S256" : undefined,
  };
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value!)}">`)
    .join("");
}

function characterChoices({ characters, selectedId }: { characters: readonly SsoCharacter[]; selectedId?: number }) {
  const checkedId = selectedId ?? characters[0]?.id;
  return characters
    .map((character) => {
      const checked = character.id === checkedId ? " checked" : "";
      return `<li><label><input type="radio" name="character_id" value="${character.id}"${checked}> ${escapeHtml(character.name)}</label></li>`;
    })
    .join("");
}

export function renderAuthorizePage({ request, characters, selectedId }: { request: AuthorizeRequest; characters: readonly SsoCharacter[]; selectedId?: number }) {
  const scopes = request.scopes.length
    ? `<ul>${request.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join("")}</ul>`
    : "<p>No scopes: only your character's identity.</p>";
  const body = `<h1>Log in with EVE Online (emulated)</h1>
<p><strong>${escapeHtml(request.clientId)}</strong> asks for:</p>${scopes}
<form method="post" action="/v2/oauth/authorize">${hiddenInputs({ request })}
<fieldset><legend>Character</legend><ul>${characterChoices({ characters, selectedId })}</ul></fieldset>
<button type="submit" name="decision" value="approve">Authorize</button> <button type="submit" name="decision" value="deny">Cancel</button>
</form>`;
  return page({ title: "EVE SSO (emulated)", body });
}

export const renderErrorPage = ({ message }: { message: string }) =>
  page({ title: "EVE SSO (emulated): bad request", body: `<h1>Bad request</h1><p class="error">${escapeHtml(message)}</p>` });
