/**
 * zKillboard R2Z2 (UPSTREAMS a.4): `ephemeral/sequence.json` gives a (lagging) head, `ephemeral/{n}.json` one
 * killmail, 404 until published, 429 past 20 requests/s per IP, 403 for a missing/unacceptable User-Agent.
 * The client paces itself below that cap (request.pacer.ts) so the listener never causes the 429 it must handle
 * anyway; a 429 pauses every later request for Retry-After, or for one window without it.
 */
import { createRequestPacer } from "./request.pacer.ts";
import { createRequestDeadline } from "../app/deadline.ts";

/** zKillboard permits 20 req/s per IP (cron/1.r2z2.php); EVE-KILL self-limits to 10. */
export const R2Z2_MAX_REQUESTS_PER_S = 20;
export const R2Z2_TIMEOUT_MS = 10_000;
/** The cap is per second: a 429 without Retry-After clears once the second it counted has passed. */
const R2Z2_PAUSE_ON_429_MS = 1_000;

export type R2z2Answer =
  | { kind: "entry"; json: unknown }
  | { kind: "missing" }
  | { kind: "limited"; retryAfterMs: number | null }
  | { kind: "denied"; status: number }
  | { kind: "unavailable"; status: number }
  /** Withdrawn while waiting for its turn: nothing was sent. */
  | { kind: "withdrawn" };

function retryAfterMs(response: Response) {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

export function createR2z2Client({ baseUrl, userAgent, maxRequestsPerS = R2Z2_MAX_REQUESTS_PER_S, timeoutMs = R2Z2_TIMEOUT_MS }: {
  baseUrl: string;
  userAgent: string;
  maxRequestsPerS?: number;
  timeoutMs?: number;
}) {
  const pacer = createRequestPacer({ maxPerS: maxRequestsPerS });

  /** One paced request whose answer `read` takes in (body included) before the deadline; null if withdrawn. */
  async function get<T>({ path, signal, withdraw, read }: { path: string; signal?: AbortSignal; withdraw?: AbortSignal; read: (response: Response) => Promise<T> }) {
    const { granted, answered } = await pacer.take({ signal, withdraw });
    if (!granted) return null;
    const deadline = createRequestDeadline({ ms: timeoutMs, signal });
    try {
      let response: Response;
      try {
        response = await fetch(new URL(path, baseUrl), { headers: { "User-Agent": userAgent, Accept: "application/json" }, signal: deadline.signal });
      } finally {
        answered();
      }
      if (response.status === 429) pacer.pause(retryAfterMs(response) ?? R2Z2_PAUSE_ON_429_MS);
      return await read(response);
    } finally {
      deadline.clear();
    }
  }

  async function toAnswer(response: Response): Promise<R2z2Answer> {
    // Read error bodies to the end so the connection goes back to the pool.
    if (!response.ok) await response.arrayBuffer().catch(() => undefined);
    if (response.status === 404) return { kind: "missing" };
    if (response.status === 429) return { kind: "limited", retryAfterMs: retryAfterMs(response) };
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
      const body = await get({ path: "/ephemeral/sequence.json", signal, read: async (response) => {
        if (!response.ok) throw new Error(`R2Z2 sequence.json: HTTP ${response.status}`);
        return (await response.json()) as { sequence?: unknown };
      } });
      if (!body) throw new Error("R2Z2 sequence.json: stopped before it was asked");
      if (typeof body.sequence !== "number") throw new Error("R2Z2 sequence.json: no numeric `sequence`");
      return body.sequence;
    },
    /** `withdraw` cancels the request only while it waits for its turn, never once sent (its answer counts). */
    async fetchSequence({ sequence, signal, withdraw }: { sequence: number; signal?: AbortSignal; withdraw?: AbortSignal }): Promise<R2z2Answer> {
      const answer = await get({ path: `/ephemeral/${sequence}.json`, signal, withdraw, read: toAnswer });
      return answer ?? { kind: "withdrawn" };
    },
  };
}

export type R2z2Client = ReturnType<typeof createR2z2Client>;
