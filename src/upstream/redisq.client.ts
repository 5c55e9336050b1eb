/**
 * zKillboard RedisQ (UPSTREAMS a.1/a.2): `listen.php?queueID=…&ttw=…` answers 302 to `object.php?objectID=…`,
 * which holds `{"package": {...} | null}`. One request in flight per queueID (a second gets 429); 403 is the
 * sunset answer. fetch follows the redirect itself.
 */
import { createRequestDeadline } from "../app/deadline.ts";
export const REDISQ_TTW_S = 10;
/** The server holds a request up to ttw seconds plus a 0.5–1.5 s redirect delay; leave room for both. */
const REDISQ_TIMEOUT_MARGIN_MS = 15_000;

export type RedisqAnswer =
  | { kind: "package"; json: unknown }
  | { kind: "empty" }
  | { kind: "limited"; retryAfterMs: number | null }
  | { kind: "denied"; status: number; message: string }
  | { kind: "unavailable"; status: number };

export function createRedisqClient({ listenUrl, queueId, userAgent, ttwS = REDISQ_TTW_S }: { listenUrl: string; queueId: string; userAgent: string; ttwS?: number }) {
  return {
    async listen({ signal }: { signal?: AbortSignal } = {}): Promise<RedisqAnswer> {
      const url = new URL(listenUrl);
      url.searchParams.set("queueID", queueId);
      url.searchParams.set("ttw", String(ttwS));
      // Covers the redirect and the body too; cleared once the answer is read.
      const deadline = createRequestDeadline({ ms: ttwS * 1000 + REDISQ_TIMEOUT_MARGIN_MS, signal });
      try {
        const response = await fetch(url, { headers: { "User-Agent": userAgent, Accept: "application/json" }, redirect: "follow", signal: deadline.signal });
        if (response.status === 429) {
          const retryAfter = Number(response.headers.get("retry-after"));
          return { kind: "limited", retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null };
        }
        if (response.status === 403) return { kind: "denied", status: 403, message: (await response.text()).slice(0, 300) };
        // 404: the object expired between the redirect and our GET; nothing to take from it.
        if (response.status === 404) return { kind: "empty" };
        if (!response.ok) return { kind: "unavailable", status: response.status };
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return { kind: "package", json: { unparsable: text.slice(0, 200) } };
        }
        const pkg = (body as { package?: unknown } | null)?.package;
        return pkg === null || pkg === undefined ? { kind: "empty" } : { kind: "package", json: pkg };
      } finally {
        deadline.clear();
      }
    },
  };
}

export type RedisqClient = ReturnType<typeof createRedisqClient>;
