/**
 * The listeners' figures: entries handed off per feed and outcome, when each cursor last moved, and for R2Z2 how
 * far the cursor trails the head, in sequences and in seconds. The R2Z2 series are read from the listener's
 * progress (ingest/feed.progress.ts) when scraped.
 */
import { Counter, Gauge, type Registry } from "prom-client";

export type R2z2Progress = {
  cursor: number | null;
  /** The highest sequence known to exist: sequence.json's answer or an entry fetched, whichever is higher. */
  head: number | null;
  /** R2Z2's `uploaded_at` (Unix seconds) of the entry at the cursor, when this process fetched it. */
  cursorUploadedAt: number | null;
};

export function defineFeedMetrics({ registry, now = Date.now }: { registry: Registry; now?: () => number }) {
  const entries = new Counter({
    name: "killboard_feed_entries_total",
    help: "Feed entries handed off by a listener, by feed and outcome (accepted: queued; known: already stored; rejected; outside-board: not about BOARD_ENTITIES)",
    labelNames: ["feed", "outcome"], registers: [registry],
  });
  const advanced = new Gauge({
    name: "killboard_feed_cursor_advanced_timestamp_seconds",
    help: "Unix time the feed's saved cursor last moved (in this process)",
    labelNames: ["feed"], registers: [registry],
  });
  let readR2z2: (() => Promise<R2z2Progress>) | null = null;
  const progress = () => (readR2z2 ? readR2z2() : Promise.resolve<R2z2Progress | null>(null));
  const gauge = (name: string, help: string, value: (state: R2z2Progress) => number | null) =>
    new Gauge({
      name, help, registers: [registry],
      async collect() {
        this.reset();
        const state = await progress();
        const figure = state ? value(state) : null;
        if (figure !== null) this.set(figure);
      },
    });
  gauge("killboard_r2z2_cursor_sequence", "The R2Z2 sequence the saved cursor is at", (state) => state.cursor);
  gauge("killboard_r2z2_head_sequence", "The highest R2Z2 sequence known to exist (sequence.json or a fetched entry)", (state) => state.head);
  gauge("killboard_r2z2_cursor_lag_sequences", "R2Z2 sequences published past the saved cursor", (state) =>
    state.cursor === null || state.head === null ? null : Math.max(0, state.head - state.cursor));
  gauge("killboard_r2z2_cursor_lag_seconds", "0 when caught up, else seconds since zKillboard published the entry at the cursor", (state) => {
    if (state.cursor !== null && state.head !== null && state.head <= state.cursor) return 0;
    return state.cursorUploadedAt === null ? null : Math.max(0, now() / 1000 - state.cursorUploadedAt);
  });

  return {
    countEntry({ feed, outcome }: { feed: string; outcome: "accepted" | "known" | "rejected" | "outside-board" }) {
      entries.inc({ feed, outcome });
    },
    markAdvanced({ feed, at }: { feed: string; at: number }) {
      advanced.set({ feed }, at / 1000);
    },
    watchR2z2({ read }: { read: () => Promise<R2z2Progress> }) {
      readR2z2 = read;
    },
  };
}

export type FeedMetrics = ReturnType<typeof defineFeedMetrics>;
