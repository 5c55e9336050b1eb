/**
 * What a listener's progress looks like from outside, without touching the listener: its port and its R2Z2 client
 * are wrapped, so every hand-off is counted, every saved cursor noted, and every fetched entry's sequence and
 * `uploaded_at` remembered until the cursor passes it. The head is asked of sequence.json at most once per
 * HEAD_TTL_MS, through the listener's own client (so within its request cap), and never lowers what is known.
 */
import { MINUTE_MS } from "../app/time.ts";
import type { R2z2Client } from "../upstream/r2z2.client.ts";
import type { ListenerPort } from "../upstream/feed.listener.ts";
import type { FeedMetrics, R2z2Progress } from "../metrics/metrics.feed.ts";

export const HEAD_TTL_MS = 10_000;
/** Within /ready's probe deadline (metrics.probes.ts), so a slow R2Z2 reads as an unknown head, not a failed probe. */
export const HEAD_TIMEOUT_MS = 1_500;

/** Counts each hand-off and notes each cursor move; the entry outcome follows the port's answers. */
export function trackPort({ port, feed, metrics, now = Date.now, onCursor }: {
  port: ListenerPort; feed: string; metrics: FeedMetrics; now?: () => number; onCursor?: (cursor: string) => void;
}): ListenerPort {
  return {
    ...port,
    async has(killmailId) {
      const known = await port.has(killmailId);
      if (known) metrics.countEntry({ feed, outcome: "known" });
      return known;
    },
    async accept(entry) {
      const outcome = await port.accept(entry);
      metrics.countEntry({ feed, outcome: outcome ?? "accepted" });
    },
    async reject(rejection) {
      await port.reject(rejection);
      metrics.countEntry({ feed, outcome: "rejected" });
    },
    async saveCursor(cursor) {
      await port.saveCursor(cursor);
      metrics.markAdvanced({ feed, at: now() });
      onCursor?.(cursor);
    },
  };
}

const uploadedAtOf = (json: unknown) => {
  const value = (json as { uploaded_at?: unknown } | null)?.uploaded_at;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

/** Asks sequence.json at most once per HEAD_TTL_MS; concurrent readers (one scrape reads several series) share one request. */
function createHeadPoll({ client, now, onHead }: { client: R2z2Client; now: () => number; onHead: (sequence: number) => void }) {
  let askedAt = -Infinity;
  let asking: Promise<void> | null = null;
  return async function refreshHead() {
    if (!asking && now() - askedAt >= HEAD_TTL_MS) {
      askedAt = now();
      const signal = AbortSignal.timeout(HEAD_TIMEOUT_MS);
      asking = client.fetchHeadSequence({ signal }).then(onHead, () => {}).finally(() => (asking = null));
    }
    await asking;
  };
}

/** R2Z2's progress for the metrics and /ready: wrap the listener's client and port with these before it starts. */
export function createR2z2Progress({ client, port, metrics, now = Date.now }: { client: R2z2Client; port: ListenerPort; metrics: FeedMetrics; now?: () => number }) {
  const uploadedAt = new Map<number, number | null>();
  const state = { cursor: null as number | null, head: null as number | null, cursorUploadedAt: null as number | null, advancedAt: now() };
  const raiseHead = (sequence: number) => void (state.head = Math.max(state.head ?? sequence, sequence));
  const refreshHead = createHeadPoll({ client, now, onHead: raiseHead });

  function onCursor(cursor: string) {
    const sequence = Number(cursor);
    state.cursor = sequence;
    state.advancedAt = now();
    state.cursorUploadedAt = uploadedAt.get(sequence) ?? null;
    for (const seen of uploadedAt.keys()) if (seen <= sequence) uploadedAt.delete(seen);
  }

  const trackedClient: R2z2Client = {
    ...client,
    async fetchSequence(args) {
      const answer = await client.fetchSequence(args);
      if (answer.kind === "entry") {
        uploadedAt.set(args.sequence, uploadedAtOf(answer.json));
        raiseHead(args.sequence);
      }
      return answer;
    },
  };

  const read = async (): Promise<R2z2Progress & { advancedAt: number }> => {
    await refreshHead();
    return { ...state };
  };
  metrics.watchR2z2({ read });
  /** The /ready check: throws while the cursor stalls behind the head (judgeR2z2Progress). */
  async function ensureAdvancing() {
    const verdict = judgeR2z2Progress({ progress: await read(), now: now() });
    if (!verdict.ready) throw new Error(verdict.reason);
  }
  return { client: trackedClient, port: trackPort({ port, feed: "r2z2", metrics, now, onCursor }), read, ensureAdvancing };
}

export type R2z2ProgressTracker = ReturnType<typeof createR2z2Progress>;

/** A listener that started or last moved longer ago than this while R2Z2 had more is not ready. */
export const FEED_STALL_MS = 5 * MINUTE_MS;

/**
 * Ready unless the source has data past the cursor (the head is ahead of it) and the cursor has not moved for
 * `stallMs`. An unknown head (R2Z2 not answering) is not the listener's fault: it stays ready.
 */
export function judgeR2z2Progress({ progress, now, stallMs = FEED_STALL_MS }: { progress: R2z2Progress & { advancedAt: number }; now: number; stallMs?: number }) {
  const { cursor, head, advancedAt } = progress;
  const behind = head !== null && (cursor === null || head > cursor);
  if (!behind || now - advancedAt <= stallMs) return { ready: true as const };
  const minutes = Math.floor((now - advancedAt) / MINUTE_MS);
  return { ready: false as const, reason: `cursor ${cursor ?? "unset"} has not moved for ${minutes} min while R2Z2's head is at ${head}` };
}
