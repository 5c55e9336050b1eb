/**
 * Resume on `/ws/v1`: what a socket missed after its cursor, from PostgreSQL, in order, then live with no gap and
 * no duplicate. While it replays the hub skips the socket; the replay ends only at a synchronous moment when its
 * cursor has reached the hub's head, so every later record is one the hub sends, and the hub sends only numbers
 * above the cursor. Numbers stored before the retained window are not replayed: one `gap` message names them.
 */
import { DAY_MS } from "../app/time.ts";
import type { LiveRepository } from "./live.repository.ts";
import { matchesLiveFilter } from "./live.filter.ts";
import type { WsHub } from "./ws.hub.ts";
import type { WsSocket } from "./ws.types.ts";
import { gapMessage, v1KillmailFrame } from "./ws.v1.ts";

const REPLAY_BATCH = 500;
/** A replaying socket waits for its reader below half the send bound; one that never drains is dropped by `send`. */
const ROOM_WAIT_MS = 10;

async function waitForRoom({ socket, maxBufferedBytes }: { socket: WsSocket; maxBufferedBytes: number }) {
  while (socket.data.open && socket.getBufferedAmount() > maxBufferedBytes / 2) await Bun.sleep(ROOM_WAIT_MS);
}

/** Sends the gap message when the cursor is older than the window, and moves the cursor to the window's start. */
async function skipPastWindow({ socket, repository, hub, retentionDays, publicUrl, now }: ReplayOptions & { socket: WsSocket }) {
  const { data } = socket;
  const first = await repository.readFirstSince({ since: new Date(now() - retentionDays * DAY_MS) });
  const through = first === null ? hub.head() : first - 1;
  if (data.cursor === null || data.cursor >= through) return;
  hub.send(socket, JSON.stringify(gapMessage({ after: data.cursor, through, query: data.query, publicUrl })));
  data.cursor = through;
}

export type ReplayOptions = {
  repository: LiveRepository; hub: WsHub; retentionDays: number; publicUrl: string; maxBufferedBytes: number; now: () => number;
};

export async function replayMissed(options: ReplayOptions & { socket: WsSocket }) {
  const { socket, repository, hub, maxBufferedBytes } = options;
  const { data } = socket;
  if (data.replaying || data.cursor === null) return;
  data.replaying = true;
  // A cursor past the head (a client of a rebuilt board) would wait for numbers that already went to others.
  data.cursor = Math.min(data.cursor, hub.head());
  try {
    await skipPastWindow(options);
    for (;;) {
      if (!data.open || data.cursor >= hub.head()) return;
      const records = await repository.readRecordsAfter({ after: data.cursor, limit: REPLAY_BATCH });
      if (!records.length) return void (data.cursor = hub.head());
      for (const record of records) {
        if (!data.open) return;
        if (socket.getBufferedAmount() > maxBufferedBytes / 2) await waitForRoom({ socket, maxBufferedBytes });
        // The filter is read per record: a subscribe during the replay applies from there on.
        if (data.filter && matchesLiveFilter({ filter: data.filter, record })) hub.send(socket, v1KillmailFrame({ record }));
        data.cursor = record.sequence;
      }
      hub.flushSent();
    }
  } finally {
    data.replaying = false;
    hub.settle(socket);
  }
}
