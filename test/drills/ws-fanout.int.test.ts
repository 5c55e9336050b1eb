/**
 * Drill: the whole live path with real roles. The emulator publishes on R2Z2, `listen r2z2` queues, `work` stores
 * and announces, and two `killboard ws` processes (as behind a load balancer) each deliver every kill, in sequence
 * order, to their `/ws/v1` and EVE-KILL clients: each process follows the sequence on its own, Redis only nudges.
 */
import { expect, test } from "bun:test";
import { FIRST_SEQUENCE } from "../../src/upstream/emulator/feed.ts";
import { useDrillStack } from "../support/drill-stack.ts";
import { connectClient, startWsRole } from "../support/live.ts";
import { spawnRole } from "../support/processes.ts";

const KILLS = 200;
const stack = useDrillStack({ name: "ws-fanout", synthetic: KILLS, days: 2 });

test("two ws processes both deliver every killmail the worker stores, in sequence order, to every client", async () => {
  const [one, two] = await Promise.all([startWsRole({ env: stack.env() }), startWsRole({ env: stack.env() })]);
  const worker = spawnRole({ args: ["work", "--concurrency", "8", "--queues", "killmails"], env: stack.env() });
  const listener = spawnRole({ args: ["listen", "r2z2", "--from-sequence", String(FIRST_SEQUENCE), "--wait-on-404-ms", "50", "--max-requests-per-s", "5000"], env: stack.env() });
  try {
    const clients = [];
    for (const ws of [one!, two!]) {
      const v1 = await connectClient(ws.url("/ws/v1"));
      v1.send({ action: "subscribe", filter: {} });
      expect((await v1.next()).type).toBe("subscribed");
      const ekws = await connectClient(ws.url("/ws/killmails"));
      await ekws.next();
      ekws.send({ action: "subscribe", topics: ["all"] });
      await ekws.next();
      clients.push({ v1, ekws });
    }
    stack.emulator.publish(KILLS);
    const published = new Set(stack.emulator.context.dataset.records.map((record) => record.killmail_id));
    for (const { v1, ekws } of clients) {
      const frames = await v1.take({ count: KILLS, timeoutMs: 90_000 });
      expect(frames.map((frame) => frame.sequence)).toEqual(Array.from({ length: KILLS }, (_, index) => index + 1));
      expect(new Set(frames.map((frame) => frame.data.killmail_id))).toEqual(published);
      const events = await ekws.take({ count: KILLS, timeoutMs: 30_000 });
      expect(new Set(events.map((frame) => frame.data.killmail_id))).toEqual(published);
      expect([...(await v1.rest()), ...(await ekws.rest())]).toEqual([]);
      v1.close();
      ekws.close();
    }
  } finally {
    await Promise.all([worker.kill("SIGTERM"), listener.kill("SIGTERM"), one!.role.kill("SIGTERM"), two!.role.kill("SIGTERM")]);
  }
}, 150_000);
