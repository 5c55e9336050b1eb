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
import { isAppError } from "../app/errors.ts";
import type { AccountCharacter, AccountsRepository, PendingKillmail } from "./accounts.repository.ts";
import { CORPORATION_SCOPE, type SsoClient } from "./accounts.sso.ts";

export type SyncDeps = ReleaseDeps & {
  sso: SsoClient; ring: KeyRing; logger: Logger; syncMinutes: number;
  esi: Pick<EsiClient, "getRecentKillmails" | "postAffiliation">;
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

/** SSO's answers that retrying cannot change: the character's owner must log in again. */
const REFUSALS = new Set(["invalid_grant", "invalid_token", "invalid_scope", "unauthorized_client", "invalid_client"]);

/**
 * A fresh access token, the rotated refresh token sealed over the one this sync started from. Refused (log in
 * again): SSO says no, the token cannot be opened (its key left TOKEN_ENCRYPTION_KEY), or the access token fails
 * verification. Lost (skip): a re-login or removal replaced the row meanwhile; the token just issued is revoked.
 */
async function refreshTokens({ deps, character }: { deps: SyncDeps; character: AccountCharacter }): Promise<{ accessToken?: string; refused?: string; lost?: true }> {
  let refreshToken: string;
  try {
    refreshToken = open({ ring: deps.ring, sealed: { data: character.refreshToken, keyId: character.tokenKeyId } });
  } catch (error) {
    return { refused: `the stored token cannot be opened (${(error as Error).message})` };
  }
  let tokens;
  try {
    tokens = await deps.sso.refresh({ refreshToken });
  } catch (error) {
    if (error instanceof SsoError && REFUSALS.has(error.oauthError)) return { refused: error.message };
    throw error;
  }
  const sealed = seal({ ring: deps.ring, text: tokens.refresh_token });
  if (!(await deps.repository.replaceToken({ characterId: character.characterId, previous: character.refreshToken, token: sealed }))) {
    await deps.sso.revoke({ refreshToken: tokens.refresh_token }).catch(() => false);
    return { lost: true };
  }
  character.refreshToken = sealed.data;
  character.tokenKeyId = sealed.keyId;
  try {
    const verified = await deps.sso.verifyAccessToken({ token: tokens.access_token });
    return verified.characterId === character.characterId ? { accessToken: tokens.access_token } : { refused: "SSO answered for another character" };
  } catch (error) {
    if (isAppError(error) && error.code.startsWith("login.")) return { refused: error.message };
    throw error;
  }
}

/**
 * The character's own recent killmails. A 401 after a long wait for ESI's gates (downtime, an error-limit pause)
 * may only mean the token expired meanwhile: one new token is tried before ESI's refusal counts.
 */
async function fetchOwn({ deps, character, accessToken }: { deps: SyncDeps; character: AccountCharacter; accessToken: string }) {
  const fetchWith = (token: string) => deps.esi.getRecentKillmails({ owner: { kind: "character", id: character.characterId }, accessToken: token, etag: character.characterEtag });
  const refusedBy = (error: unknown) => (error instanceof EsiError && (error.httpStatus === 401 || error.httpStatus === 403) ? error : null);
  try {
    return { recent: await fetchWith(accessToken), accessToken };
  } catch (error) {
    const refusal = refusedBy(error);
    if (!refusal) throw error;
    if (refusal.httpStatus === 403) return { refused: `ESI: ${refusal.reason}` };
    const again = await refreshTokens({ deps, character });
    if (!again.accessToken) return again;
    try {
      return { recent: await fetchWith(again.accessToken), accessToken: again.accessToken };
    } catch (retryError) {
      const still = refusedBy(retryError);
      if (still) return { refused: `ESI: ${still.reason}` };
      throw retryError;
    }
  }
}

export async function syncCharacter({ deps, character }: { deps: SyncDeps; character: AccountCharacter }) {
  const now = deps.now();
  const done = (outcome: "login" | "skipped") => ({ characterId: character.characterId, outcome, held: 0 });
  const refreshed = await refreshTokens({ deps, character });
  const own = refreshed.accessToken ? await fetchOwn({ deps, character, accessToken: refreshed.accessToken }) : refreshed;
  if ("lost" in own && own.lost) return done("skipped");
  if (!("recent" in own) || !own.recent) {
    await deps.repository.markNeedsLogin({ characterId: character.characterId, token: character.refreshToken, reason: ("refused" in own && own.refused) || "refused" });
    return done("login");
  }
  const corporation = await syncCorporation({ deps, character, accessToken: own.accessToken });
  const releaseAt = new Date(now.getTime() + character.delayMinutes * 60_000);
  const rows: PendingKillmail[] = [...own.recent.killmails.map(toFound), ...corporation.found]
    .map((found) => ({ ...found, characterId: character.characterId, foundAt: now, releaseAt }));
  const held = await deps.repository.holdKillmails({ rows });
  await deps.repository.saveSync({
    characterId: character.characterId, now, nextAt: new Date(now.getTime() + deps.syncMinutes * 60_000),
    result: own.recent.status === 304 && !corporation.found.length ? "unchanged" : `${rows.length} listed, ${held} new`,
    characterEtag: own.recent.etag, corporationEtag: corporation.etag, corporationSync: corporation.note,
  });
  return { characterId: character.characterId, outcome: "synced" as const, held };
}

export type ReleaseDeps = {
  repository: AccountsRepository; now: () => Date; enqueue: (jobs: KillmailJob[]) => Promise<void>;
  /** Failed jobs of these killmails are retried; returns those that had failed, with the reason. */
  retryFailed: (killmailIds: number[]) => Promise<{ killmailId: number; reason: string }[]>;
};

/**
 * Queues every held kill that is due and not stored yet (again each run until stored: a flushed Redis loses none).
 * A job that failed is retried and counted; past RELEASE_MAX_ATTEMPTS the kill waits for an operator.
 */
export async function releaseDue({ deps }: { deps: ReleaseDeps }) {
  const now = deps.now();
  const due = await deps.repository.listReleasable({ now, limit: RELEASE_BATCH });
  await deps.enqueue(due.map((row) => ({ killmailId: row.killmailId, hash: row.hash, source: "sso", firstSeenAt: now.toISOString() })));
  const failed = await deps.retryFailed(due.map((row) => row.killmailId));
  for (const failure of failed) await deps.repository.countFailure(failure);
  const forgotten = await deps.repository.forgetStored();
  return { released: due.length, retried: failed.length, forgotten };
}

export async function runSync({ deps }: { deps: SyncDeps }) {
  const due = await deps.repository.listDueCharacters({ now: deps.now(), limit: SYNC_BATCH });
  const outcomes = { synced: 0, login: 0, skipped: 0, failed: 0, held: 0 };
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
