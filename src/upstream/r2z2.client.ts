/**
 * zKillboard R2Z2 (UPSTREAMS a.4): `ephemeral/sequence.json` gives a (lagging) head, `ephemeral/{n}.json` one
 * killmail, 404 until published, 429 past 20 requests/s per IP, 403 for a missing/unacceptable User-Agent.
 * The client paces itself below that cap so the listener never causes the 429 it must handle anyway.
 */
import { sleep } from "../app/time.ts";

/** zKillboard permits 20 req/s per IP (cron/1.r2z2.php); EVE-KILL self-limits to 10. */
export const R2Z2_MAX_REQUESTS_PER_S = 20;
export const R2Z2_TIMEOUT_MS = 10_000;

export type R2z2Answer =
  | { kind: "entry"; json: unknown }
  | { kind: "missing" }
  | { kind: "limited"; retryAfterMs: number | null }
  | { kind: "denied"; status: number }
  | { kind: "unavailable"; status: number };

export function createR2z2Client({ baseUrl, userAgent, maxRequestsPerS = R2Z2_MAX_REQUESTS_PER_S, timeoutMs = R2Z2_TIMEOUT_MS }: {
  baseUrl: string;
  userAgent: string;
  maxRequestsPerS?: number;
  timeoutMs?: number;
}) {
  const minIntervalMs = 1000 / maxRequestsPerS;
  let nextSlot = 0;

  async function get(path: string, signal?: AbortSignal) {
    const wait = nextSlot - performance.now();
    nextSlot = Math.max(performance.now(), nextSlot) + minIntervalMs;
    if (wait > 0) await sleep(wait, signal);
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    return fetch(new URL(path, baseUrl), { headers: { "User-Agent": userAgent, Accept: "application/json" }, signal: AbortSignal.any(signals) });
  }

  async function toAnswer(response: Response): Promise<R2z2Answer> {
    if (response.status === 404) return { kind: "missing" };
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get("retry-after"));
      return { kind: "limited", retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null };
    }
    if (response.status === 403) return { kind: "denied", status: 403 };
    if (!response.ok) return { kind: "unavailable", status: response.status };
    // A body that is not JSON is still an entry: the listener rejects it with a reason and moves on.
    const text = await response.text();
    try {
      return { kind: "entry", json: JSON.parse(text) };
    } catch {
      return { kind: "entry", json: { unparsable: text.slice(0, 200) } };
    }
  }

  return {
    async fetchHeadSequence({ signal }: { signal?: AbortSignal } = {}) {
      const response = await get("/ephemeral/sequence.json", signal);
      if (!response.ok) throw new Error(`R2Z2 sequence.json: HTTP ${response.status}`);
      const body = (await response.json()) as { sequence?: unknown };
      if (typeof body.sequence !== "number") throw new Error("R2Z2 sequence.json: no numeric `sequence`");
      return body.sequence;
    },
    async fetchSequence({ sequence, signal }: { sequence: number; signal?: AbortSignal }) {
      return toAnswer(await get(`/ephemeral/${sequence}.json`, signal));
    },
  };
}

export type R2z2Client = ReturnType<typeof createR2z2Client>;
