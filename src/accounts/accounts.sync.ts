/**
 * The SSO killmail sync, run by cron: every character whose turn has come gets its refresh token exchanged (SSO
 * rotates it; the new one is sealed at once), its recent killmails and, with the corporation scope, its
 * corporation's fetched with their ETags, and the kills the board has not stored held back until the character's
 * delay has passed. SSO refusing the token (revoked, character sold) marks the character "log in again" instead of
 * retrying for ever. Then every held kill that is due and not stored is queued as if it had just arrived.
 */
import type { Logger } from "../app/log.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { EsiError } from "../esi/esi.errors.ts";
import type { KillmailJob } from "../queue/queue.schemas.ts";
import { open, seal, type KeyRing } from "./accounts.crypto.ts";
import { SsoError } from "./accounts.errors.ts";
import type { AccountCharacter, AccountsRepository, PendingKillmail } from "./accounts.repository.ts";
import { CORPORATION_SCOPE, type SsoClient } from "./accounts.sso.ts";

export type SyncDeps = {
  repository: AccountsRepository; sso: SsoClient; ring: KeyRing; logger: Logger; now: () => Date; syncMinutes: number;
  esi: Pick<EsiClient, "getRecentKillmails" | "postAffiliation">;
  enqueue: (jobs: KillmailJob[]) => Promise<void>;
};

/** Characters synced per run; the rest are due still and go next run. */
const SYNC_BATCH = 50;
const RELEASE_BATCH = 500;
/** ESI or SSO unwell: try that character again after this, not at the next run. */
const RETRY_MINUTES = 5;

type Found = { killmailId: number; hash: string };

/** The character's corporation (ESI's affiliation, public) and its recent killmails when it is a Director there. */
async function syncCorporation({ deps, character, accessToken }: { deps: SyncDeps; character: AccountCharacter; accessToken: string }) {
  if (!character.scopes.includes(CORPORATION_SCOPE)) return { found: [] as Found[], etag: null, note: null };
  const [affiliation] = await deps.esi.postAffiliation({ characterIds: [character.characterId] });
  if (!affiliation) return { found: [], etag: null, note: "no corporation" };
  try {
    const recent = await deps.esi.getRecentKillmails({ owner: { kind: "corporation", id: affiliation.corporation_id }, accessToken, etag: character.corporationEtag });
    return { found: recent.killmails.map(toFound), etag: recent.etag, note: `corporation ${affiliation.corporation_id}` };
  } catch (error) {
    // Not a Director (or the role was taken away): the character's own kills still sync.
    if (error instanceof EsiError && error.httpStatus === 403) return { found: [], etag: null, note: `corporation ${affiliation.corporation_id}: ${error.reason}` };
    throw error;
  }
}

const toFound = (row: { killmail_id: number; killmail_hash: string }): Found => ({ killmailId: row.killmail_id, hash: row.killmail_hash });

/** A refused refresh token ends the sync of this character until its owner logs in again. */
async function refreshTokens({ deps, character }: { deps: SyncDeps; character: AccountCharacter }) {
  try {
    const tokens = await deps.sso.refresh({ refreshToken: open({ ring: deps.ring, sealed: { data: character.refreshToken, keyId: character.tokenKeyId } }) });
    await deps.repository.saveToken({ characterId: character.characterId, token: seal({ ring: deps.ring, text: tokens.refresh_token }) });
    const verified = await deps.sso.verifyAccessToken({ token: tokens.access_token });
    if (verified.characterId !== character.characterId) return { refused: "SSO answered for another character" };
    return { accessToken: tokens.access_token };
  } catch (error) {
    if (error instanceof SsoError && (error.oauthError === "invalid_grant" || error.oauthError === "invalid_token")) return { refused: error.message };
    throw error;
  }
}

export async function syncCharacter({ deps, character }: { deps: SyncDeps; character: AccountCharacter }) {
  const now = deps.now();
  const { accessToken, refused } = await refreshTokens({ deps, character });
  if (!accessToken) {
    await deps.repository.markNeedsLogin({ characterId: character.characterId, reason: refused ?? "refused" });
    return { characterId: character.characterId, outcome: "login" as const, held: 0 };
  }
  const own = await deps.esi.getRecentKillmails({ owner: { kind: "character", id: character.characterId }, accessToken, etag: character.characterEtag })
    .catch((error) => {
      // ESI refuses the token itself (a scope taken back): retrying cannot help, logging in again can.
      if (error instanceof EsiError && (error.httpStatus === 401 || error.httpStatus === 403)) return { refusedBy: error.reason } as const;
      throw error;
    });
  if ("refusedBy" in own) {
    await deps.repository.markNeedsLogin({ characterId: character.characterId, reason: `ESI: ${own.refusedBy}` });
    return { characterId: character.characterId, outcome: "login" as const, held: 0 };
  }
  const corporation = await syncCorporation({ deps, character, accessToken });
  const releaseAt = new Date(now.getTime() + character.delayMinutes * 60_000);
  const rows: PendingKillmail[] = [...own.killmails.map(toFound), ...corporation.found]
    .map((found) => ({ ...found, characterId: character.characterId, foundAt: now, releaseAt }));
  const held = await deps.repository.holdKillmails({ rows });
  await deps.repository.saveSync({
    characterId: character.characterId, now, nextAt: new Date(now.getTime() + deps.syncMinutes * 60_000),
    result: own.status === 304 && !corporation.found.length ? "unchanged" : `${rows.length} listed, ${held} new`,
    characterEtag: own.etag, corporationEtag: corporation.etag, corporationSync: corporation.note,
  });
  return { characterId: character.characterId, outcome: "synced" as const, held };
}

/** Queues every held kill that is due and not stored yet; run after each sync and on its own schedule. */
export async function releaseDue({ deps }: { deps: Pick<SyncDeps, "repository" | "now" | "enqueue"> }) {
  const now = deps.now();
  const due = await deps.repository.listReleasable({ now, limit: RELEASE_BATCH });
  await deps.enqueue(due.map((row) => ({ killmailId: row.killmailId, hash: row.hash, source: "sso", firstSeenAt: now.toISOString() })));
  const forgotten = await deps.repository.forgetStored();
  return { released: due.length, forgotten };
}

export async function runSync({ deps }: { deps: SyncDeps }) {
  const due = await deps.repository.listDueCharacters({ now: deps.now(), limit: SYNC_BATCH });
  const outcomes = { synced: 0, login: 0, failed: 0, held: 0 };
  for (const character of due) {
    try {
      const result = await syncCharacter({ deps, character });
      outcomes[result.outcome]++;
      outcomes.held += result.held;
    } catch (error) {
      outcomes.failed++;
      deps.logger.warn(`sso sync of character ${character.characterId} failed, retrying in ${RETRY_MINUTES} min:`, error instanceof Error ? error.message : error);
      const now = deps.now();
      await deps.repository.saveSync({
        characterId: character.characterId, now, nextAt: new Date(now.getTime() + RETRY_MINUTES * 60_000), result: `failed: ${error instanceof Error ? error.message : String(error)}`,
        characterEtag: character.characterEtag, corporationEtag: character.corporationEtag, corporationSync: character.corporationSync,
      });
    }
  }
  return { due: due.length, ...outcomes, ...(await releaseDue({ deps })) };
}
