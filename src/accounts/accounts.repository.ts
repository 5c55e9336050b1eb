/** Accounts, sessions, logins in progress, characters with their sealed tokens, and kills held back (migration 00018). */
import type { Sql } from "../db/db.client.ts";
import type { Sealed } from "./accounts.crypto.ts";

export type AccountCharacter = {
  characterId: number; accountId: number; characterName: string; ownerHash: string; scopes: string[];
  refreshToken: Buffer; tokenKeyId: string; delayMinutes: number; status: "ok" | "login"; statusReason: string | null;
  characterEtag: string | null; corporationEtag: string | null; corporationSync: string | null;
  lastSyncAt: Date | null; lastSyncResult: string | null; nextSyncAt: Date; addedAt: Date;
};
export type NewCharacter = {
  characterId: number; characterName: string; ownerHash: string; scopes: string[]; token: Sealed; now: Date;
  firstSyncAt: Date;
};
export type PendingKillmail = { killmailId: number; hash: string; characterId: number; foundAt: Date; releaseAt: Date; attempts?: number; lastError?: string | null };

/** A held kill whose job failed this often after release is left for an operator (its reason on the account page). */
export const RELEASE_MAX_ATTEMPTS = 5;

export function createAccountsRepository({ sql }: { sql: Sql }) {
  return {
    async saveLogin({ stateHash, codeVerifier, accountId, expiresAt }: { stateHash: Buffer; codeVerifier: string; accountId: number | null; expiresAt: Date }) {
      await sql`insert into sso_logins (state_hash, code_verifier, account_id, expires_at) values (${stateHash}, ${codeVerifier}, ${accountId}, ${expiresAt})`;
    },

    /** Once only: a replayed state finds nothing. Housekeeping purges the logins never finished. */
    async takeLogin({ stateHash, now }: { stateHash: Buffer; now: Date }) {
      const [row] = await sql<{ codeVerifier: string; accountId: number | null; expiresAt: Date }[]>`
        delete from sso_logins where state_hash = ${stateHash} returning code_verifier, account_id, expires_at`;
      return row && row.expiresAt > now ? row : null;
    },

    async createAccount() {
      const [row] = await sql<{ accountId: number }[]>`insert into accounts default values returning account_id`;
      return row!.accountId;
    },

    async findAccountOfCharacter({ characterId }: { characterId: number }) {
      const [row] = await sql<{ accountId: number; ownerHash: string }[]>`select account_id, owner_hash from account_characters where character_id = ${characterId}`;
      return row ?? null;
    },

    /** SSO proved the login owns the character: it joins this account (leaving any other) with a fresh token. */
    async saveCharacter({ accountId, character }: { accountId: number; character: NewCharacter }) {
      const c = character;
      await sql`
        insert into account_characters (character_id, account_id, character_name, owner_hash, scopes, refresh_token, token_key_id, next_sync_at, added_at)
        values (${c.characterId}, ${accountId}, ${c.characterName}, ${c.ownerHash}, ${c.scopes}, ${c.token.data}, ${c.token.keyId}, ${c.firstSyncAt}, ${c.now})
        on conflict (character_id) do update set account_id = excluded.account_id, character_name = excluded.character_name,
          owner_hash = excluded.owner_hash,
          scopes = excluded.scopes, refresh_token = excluded.refresh_token, token_key_id = excluded.token_key_id,
          status = 'ok', status_reason = null, next_sync_at = excluded.next_sync_at`;
    },

    async createSession({ sessionHash, accountId, now, expiresAt }: { sessionHash: Buffer; accountId: number; now: Date; expiresAt: Date }) {
      await sql`insert into account_sessions (session_hash, account_id, created_at, expires_at) values (${sessionHash}, ${accountId}, ${now}, ${expiresAt})`;
    },

    async findSession({ sessionHash, now }: { sessionHash: Buffer; now: Date }) {
      const [row] = await sql<{ accountId: number }[]>`select account_id from account_sessions where session_hash = ${sessionHash} and expires_at > ${now}`;
      return row?.accountId ?? null;
    },

    async deleteSession({ sessionHash }: { sessionHash: Buffer }) {
      await sql`delete from account_sessions where session_hash = ${sessionHash}`;
    },

    listCharacters: ({ accountId }: { accountId: number }) => sql<AccountCharacter[]>`
      select * from account_characters where account_id = ${accountId} order by added_at, character_id`,

    /** The kills the character holds now wait for the new delay too (counted from when they were found). */
    async setDelay({ accountId, characterId, delayMinutes }: { accountId: number; characterId: number; delayMinutes: number }) {
      return sql.begin(async (tx) => {
        const t = tx as unknown as Sql;
        const updated = (await t`update account_characters set delay_minutes = ${delayMinutes} where account_id = ${accountId} and character_id = ${characterId}`).count > 0;
        if (updated) {
          await t`update sso_killmails set release_at = found_at + ${delayMinutes} * interval '1 minute'
            where character_id = ${characterId} and not exists (select 1 from killmail_ids i where i.killmail_id = sso_killmails.killmail_id)`;
        }
        return updated;
      });
    },

    /** Gone with its token (returned, to revoke at SSO); its kills still held back are released as they fall due. */
    async removeCharacter({ accountId, characterId }: { accountId: number; characterId: number }) {
      const [row] = await sql<{ refreshToken: Buffer; tokenKeyId: string }[]>`
        delete from account_characters where account_id = ${accountId} and character_id = ${characterId} returning refresh_token, token_key_id`;
      return row ? { data: row.refreshToken, keyId: row.tokenKeyId } : null;
    },

    /** Housekeeping: sessions past their expiry and logins never finished. */
    async purgeExpired({ now }: { now: Date }) {
      const sessions = (await sql`delete from account_sessions where expires_at <= ${now}`).count;
      const logins = (await sql`delete from sso_logins where expires_at <= ${now}`).count;
      return { sessions, logins };
    },

    async deleteAccountSessions({ accountId }: { accountId: number }) {
      await sql`delete from account_sessions where account_id = ${accountId}`;
    },

    /** Characters whose sync is due, oldest first (one cron process runs the sync at a time). */
    listDueCharacters: ({ now, limit }: { now: Date; limit: number }) => sql<AccountCharacter[]>`
      select * from account_characters where status = 'ok' and next_sync_at <= ${now} order by next_sync_at limit ${limit}`,

    /** Only over the token the sync started from: a re-login or removal meanwhile wins (false). */
    async replaceToken({ characterId, previous, token }: { characterId: number; previous: Buffer; token: Sealed }) {
      const result = await sql`update account_characters set refresh_token = ${token.data}, token_key_id = ${token.keyId}
        where character_id = ${characterId} and refresh_token = ${previous}`;
      return result.count > 0;
    },

    /** Over the token that was refused only: one just renewed by a login stays good. */
    async markNeedsLogin({ characterId, token, reason }: { characterId: number; token: Buffer; reason: string }) {
      await sql`update account_characters set status = 'login', status_reason = ${reason} where character_id = ${characterId} and refresh_token = ${token}`;
    },

    async saveSync({ characterId, now, nextAt, result, characterEtag, corporationEtag, corporationSync }: {
      characterId: number; now: Date; nextAt: Date; result: string; characterEtag: string | null; corporationEtag: string | null; corporationSync: string | null;
    }) {
      await sql`update account_characters set last_sync_at = ${now}, next_sync_at = ${nextAt}, last_sync_result = ${result},
        character_etag = ${characterEtag}, corporation_etag = ${corporationEtag}, corporation_sync = ${corporationSync}
        where character_id = ${characterId}`;
    },

    /** Holds kills the board has not stored yet; one found twice (by two characters, or two syncs) is held once. Returns rows held or held shorter. */
    async holdKillmails({ rows }: { rows: PendingKillmail[] }) {
      if (!rows.length) return 0;
      const result = await sql`
        insert into sso_killmails (killmail_id, hash, character_id, found_at, release_at)
        -- Distinct: a Director's own kill is on the corporation's list too.
        select distinct on (x.killmail_id) x.killmail_id, x.hash, x.character_id, x.found_at, x.release_at
        from json_to_recordset(${JSON.stringify(rows.map((row) => ({
          killmail_id: row.killmailId, hash: row.hash, character_id: row.characterId, found_at: row.foundAt, release_at: row.releaseAt })))}::text::json)
          as x(killmail_id bigint, hash text, character_id bigint, found_at timestamptz, release_at timestamptz)
        where not exists (select 1 from killmail_ids i where i.killmail_id = x.killmail_id)
        -- Any pilot on the kill may post it at once anyway: the shortest hold of those who found it applies.
        on conflict (killmail_id) do update set release_at = excluded.release_at where excluded.release_at < sso_killmails.release_at`;
      return result.count;
    },

    /** Due and not stored yet: queued again on every sweep until the worker stores them, so a flushed Redis loses none. */
    listReleasable: ({ now, limit }: { now: Date; limit: number }) => sql<PendingKillmail[]>`
      select p.* from sso_killmails p where p.release_at <= ${now} and p.attempts < ${RELEASE_MAX_ATTEMPTS}
        and not exists (select 1 from killmail_ids i where i.killmail_id = p.killmail_id)
      order by p.attempts, p.release_at limit ${limit}`,

    async countFailure({ killmailId, reason }: { killmailId: number; reason: string }) {
      await sql`update sso_killmails set attempts = attempts + 1, last_error = ${reason.slice(0, 300)} where killmail_id = ${killmailId}`;
    },

    async forgetStored() {
      return (await sql`delete from sso_killmails p using killmail_ids i where i.killmail_id = p.killmail_id`).count;
    },

    listHeld: ({ accountId }: { accountId: number }) => sql<PendingKillmail[]>`
      select p.* from sso_killmails p join account_characters c on c.character_id = p.character_id
      where c.account_id = ${accountId} and not exists (select 1 from killmail_ids i where i.killmail_id = p.killmail_id)
      order by p.release_at, p.killmail_id`,
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
