/**
 * Follows an EVE-KILL WebSocket, speaking whichever protocol the server greets with (UPSTREAMS d):
 * Shrike `{"type":"welcome"}` → `{"action":"subscribe","topics":[…]}`, data `{"channel":"killmails","data":{…}}`;
 * Thessia `{"type":"info"}` → `{"type":"subscribe","topics":[…]}`, data `{"type":"killmail","data":{…}}`.
 * Events are enriched, not ESI-shaped, so only id and hash are handed off; the worker fetches the body.
 * A socket has no replay: frames are handed off in order, each retried until it is durable; the connection is
 * re-opened with exponential backoff and jitter.
 */
import type { Logger } from "../app/log.ts";
import { sleep } from "../app/time.ts";
import { backoffMs, createRejectionPositions, handOffWithRetry, type FeedEntry, type ListenerPort } from "./feed.listener.ts";

export const EKWS_BACKOFF_BASE_MS = 1_000;
export const EKWS_BACKOFF_MAX_MS = 60_000;
/** A connection that stayed up this long was healthy: the next failure starts the backoff from the base. */
const EKWS_HEALTHY_AFTER_MS = 30_000;

export type EkwsFrame = { reply?: unknown; entry?: FeedEntry; rejected?: string };

const HASH = /^[0-9a-f]{40}$/i;

function entryOf({ data, now }: { data: unknown; now: Date }): EkwsFrame {
  const event = data as { killmail_id?: unknown; killmail_hash?: unknown } | null;
  const killmailId = event?.killmail_id;
  const hash = event?.killmail_hash;
  if (typeof killmailId !== "number" || !Number.isInteger(killmailId) || killmailId <= 0) return { rejected: "data.killmail_id: expected a positive integer" };
  if (typeof hash !== "string" || !HASH.test(hash)) return { rejected: "data.killmail_hash: expected 40 hex characters" };
  return { entry: { killmailId, hash: hash.toLowerCase(), source: "ekws", firstSeenAt: now } };
}

/** Pure: what one incoming frame means (a reply to send, an entry to hand off, a rejection, or nothing). */
export function readEkwsFrame({ text, topics, now }: { text: string; topics: string[]; now: Date }): EkwsFrame {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (!message || typeof message !== "object") return {};
  if (message.type === "welcome") return { reply: { action: "subscribe", topics } };
  if (message.type === "info") return { reply: { type: "subscribe", topics } };
  if (message.channel === "killmails" || message.type === "killmail") return entryOf({ data: message.data, now });
  return {};
}

export async function runEkwsListener({ url, topics, port, logger, signal, backoffBaseMs = EKWS_BACKOFF_BASE_MS }: {
  url: string;
  topics: string[];
  port: ListenerPort;
  logger: Logger;
  signal: AbortSignal;
  backoffBaseMs?: number;
}) {
  let failures = 0;
  const nextPosition = createRejectionPositions();
  while (!signal.aborted) {
    const openedAt = performance.now();
    const reason = await followSocket({ url, topics, port, logger, signal, nextPosition });
    if (signal.aborted) break;
    if (performance.now() - openedAt > EKWS_HEALTHY_AFTER_MS) failures = 0;
    const waitMs = backoffMs({ failures: ++failures, baseMs: backoffBaseMs, maxMs: EKWS_BACKOFF_MAX_MS });
    logger.warn(`ekws connection closed (${reason}); reconnecting in ${waitMs} ms`);
    await sleep(waitMs, signal);
  }
}

/** One connection's life; resolves with the close reason once the socket is gone and its frames handed off. */
function followSocket({ url, topics, port, logger, signal, nextPosition }: {
  url: string; topics: string[]; port: ListenerPort; logger: Logger; signal: AbortSignal; nextPosition: () => string;
}) {
  return new Promise<string>((resolve) => {
    const socket = new WebSocket(url);
    let chain = Promise.resolve();
    const onAbort = () => socket.close(1000, "listener stopping");
    signal.addEventListener("abort", onAbort, { once: true });
    socket.onmessage = (message) => {
      const frame = readEkwsFrame({ text: String(message.data), topics, now: new Date() });
      if (frame.reply) socket.send(JSON.stringify(frame.reply));
      // A rejection's position is taken on arrival, once, so a retried hand-off adds the same job id again.
      const position = frame.rejected ? nextPosition() : "";
      if (frame.entry || frame.rejected) chain = chain.then(() => handOff({ frame, position, port, logger, signal }));
    };
    socket.onerror = () => logger.debug("ekws socket error");
    socket.onclose = (event) => {
      signal.removeEventListener("abort", onAbort);
      void chain.catch(() => {}).then(() => resolve(`${event.code}${event.reason ? ` ${event.reason}` : ""}`));
    };
  });
}

async function handOff({ frame, position, port, logger, signal }: { frame: EkwsFrame; position: string; port: ListenerPort; logger: Logger; signal: AbortSignal }) {
  await handOffWithRetry({
    signal,
    onRetry: (error, waitMs) => logger.warn(`ekws hand-off failed: ${error.message}; retrying in ${waitMs} ms`),
    async run() {
      if (frame.rejected) {
        logger.warn(`ekws frame rejected: ${frame.rejected}`);
        return port.reject({ source: "ekws", position, reason: frame.rejected });
      }
      if (!(await port.has(frame.entry!.killmailId))) await port.accept(frame.entry!);
    },
  }).catch((error) => logger.warn(`ekws frame dropped while stopping: ${(error as Error).message}`));
}
