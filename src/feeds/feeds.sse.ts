/**
 * A live record stream as Server-Sent Events: a preamble of comment lines (it also makes Bun send the headers at
 * once), an optional `gap` event, then one event per matching record with `id:` = its sequence number, so an
 * EventSource that reconnects sends Last-Event-ID and resumes exactly there. Comment-line heartbeats keep
 * proxies and Bun's idle timeout from closing a quiet stream.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { LiveRecord } from "../live/live.types.ts";
import { followLive } from "./feeds.follow.ts";
import type { FeedsDeps } from "./feeds.deps.ts";

/** Well inside Bun's 30 s idle timeout on serve and the 60 s most proxies allow. */
export const SSE_HEARTBEAT_MS = 15_000;

export type SseEvent = { event?: string; id?: string; data: string };

export function streamLiveRecords({ c, deps, after, preamble, first, toEvent }: {
  c: Context;
  deps: FeedsDeps;
  after?: number;
  preamble: string[];
  /** Sent before any record (the `gap` event). */
  first?: SseEvent;
  /** The event for a record, or null to pass it over (filtered out). */
  toEvent: (record: LiveRecord) => SseEvent | null;
}) {
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    const stop = new AbortController();
    stream.onAbort(() => stop.abort());
    await stream.write(`${preamble.map((line) => `: ${line}\n`).join("")}\n`);
    if (first) await stream.writeSSE(first);
    const heartbeat = setInterval(() => void stream.write(": heartbeat\n\n"), deps.heartbeatMs ?? SSE_HEARTBEAT_MS);
    try {
      await followLive({
        hub: deps.hub, repository: deps.repository, after, signal: stop.signal,
        // A client that cannot keep up is cut off; its blocked write is released by the abort.
        onOverflow: () => stream.abort(),
        async onRecord(record) {
          const event = toEvent(record);
          if (event) await stream.writeSSE(event);
        },
      });
    } finally {
      clearInterval(heartbeat);
    }
  });
}
