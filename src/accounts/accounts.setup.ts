/** Builds the accounts module's dependencies from the config: login only when EVE SSO is configured, posting always. */
import { randomBytes } from "node:crypto";
import type { Config } from "../app/config.ts";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { enqueueKillmails, LIVE_PRIORITY, type Queues } from "../queue/queue.client.ts";
import type { KillmailJob } from "../queue/queue.schemas.ts";
import { parseKeyRing } from "./accounts.crypto.ts";
import { createAccountsRepository } from "./accounts.repository.ts";
import { createSsoClient } from "./accounts.sso.ts";
import type { ReleaseDeps, SyncDeps } from "./accounts.sync.ts";
import { killmailJobId } from "../queue/queue.names.ts";

type AccountsConfig = Pick<Config, "EVE_CLIENT_ID" | "EVE_CLIENT_SECRET" | "EVE_CALLBACK_URL" | "SSO_BASE_URL" | "SESSION_SECRET" |
  "TOKEN_ENCRYPTION_KEY" | "ESI_USER_AGENT" | "TRUST_PROXY_HEADER" | "SSO_SYNC_MINUTES">;

/** The SSO client and key ring, or null when the board has no login (a setting is missing). */
export function createLogin({ config, now }: { config: AccountsConfig; now: () => Date }) {
  const { EVE_CLIENT_ID: clientId, EVE_CALLBACK_URL: callbackUrl, TOKEN_ENCRYPTION_KEY: keys } = config;
  if (!clientId || !callbackUrl || !keys) return null;
  const sso = createSsoClient({ baseUrl: config.SSO_BASE_URL, clientId, clientSecret: config.EVE_CLIENT_SECRET, callbackUrl, userAgent: config.ESI_USER_AGENT, now });
  return { sso, ring: parseKeyRing(keys) };
}

/** SESSION_SECRET (the config requires it with login), or for /post/ alone one made up for this process. */
export function cookieSettings({ config }: { config: AccountsConfig }) {
  return { secret: config.SESSION_SECRET ?? randomBytes(32).toString("hex"), trustProxyHeader: config.TRUST_PROXY_HEADER,
    alwaysSecure: config.EVE_CALLBACK_URL?.startsWith("https:") ?? false };
}

export const enqueueLive = (queues: Queues) => (jobs: KillmailJob[]) => enqueueKillmails({ queue: queues.killmails, jobs, priority: LIVE_PRIORITY });

export function createPostDeps({ sql, esi, queues, now }: { sql: Sql; esi: Pick<EsiClient, "getKillmail">; queues: Queues; now: () => Date }) {
  const reads = createKillmailReadRepository({ sql });
  return { esi, now, enqueue: enqueueLive(queues), isStored: async (killmailId: number) => (await reads.findKillmailTime({ killmailId })) !== null };
}

/** Releasing held kills needs no login: kills held before login was switched off still come out. */
export function createReleaseDeps({ sql, queues, now }: { sql: Sql; queues: Queues; now: () => Date }): ReleaseDeps {
  return {
    repository: createAccountsRepository({ sql }), now, enqueue: enqueueLive(queues),
    async retryFailed(killmailIds) {
      const failed: { killmailId: number; reason: string }[] = [];
      for (const killmailId of killmailIds) {
        const job = await queues.killmails.getJob(killmailJobId(killmailId));
        if (!job || !(await job.isFailed())) continue;
        failed.push({ killmailId, reason: job.failedReason ?? "failed" });
        await job.retry("failed");
      }
      return failed;
    },
  };
}

/** The cron sync's dependencies, or null without login. */
export function createSyncDeps({ sql, config, esi, queues, logger, now }: {
  sql: Sql; config: AccountsConfig; esi: SyncDeps["esi"]; queues: Queues; logger: Logger; now: () => Date;
}): SyncDeps | null {
  const login = createLogin({ config, now });
  if (!login) return null;
  return { ...login, ...createReleaseDeps({ sql, queues, now }), esi, logger, syncMinutes: config.SSO_SYNC_MINUTES };
}
