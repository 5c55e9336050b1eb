import { expect, test } from "bun:test";
import { createLogger } from "../app/log.ts";
import { loadEmulatorDataset } from "./emulator/dataset.ts";
import { createEmulator } from "./emulator/emulator.ts";
import type { FeedEntry, ListenerPort } from "./feed.listener.ts";
import { runEkwsListener } from "./ekws.listener.ts";
import { waitFor } from "../../test/support/processes.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "ekws-test" });

function arrayPort() {
  const accepted: FeedEntry[] = [];
  const port: ListenerPort = {
    cursor: async () => null,
    saveCursor: async () => {},
    has: async () => false,
    accept: async (entry) => void accepted.push(entry),
    reject: async () => {},
  };
  return { port, accepted };
}

test("the socket listener reconnects after the server cuts it and keeps handing off", async () => {
  const emulator = await createEmulator({ dataset: await loadEmulatorDataset() });
  const server = await emulator.start({ port: 0 });
  const { port: listenerPort, accepted } = arrayPort();
  const controller = new AbortController();
  const listening = runEkwsListener({ url: server.ekws, topics: ["all"], port: listenerPort, logger, signal: controller.signal, backoffBaseMs: 50 });
  try {
    await waitFor({ check: async () => emulator.stats().websocket.connections >= 1, timeoutMs: 5_000, what: "first connection" });
    await Bun.sleep(100);
    emulator.publish(3);
    await waitFor({ check: async () => accepted.length >= 3, timeoutMs: 5_000, what: "first frames" });
    // The drop fault terminates the socket instead of sending; that kill is gone for this feed (no replay).
    emulator.setFaults({ dropRate: 1 });
    emulator.publish(1);
    emulator.setFaults({ dropRate: 0 });
    await waitFor({ check: async () => emulator.stats().websocket.connections >= 2, timeoutMs: 10_000, what: "reconnection" });
    await Bun.sleep(100);
    emulator.publish(2);
    await waitFor({ check: async () => accepted.length >= 5, timeoutMs: 5_000, what: "frames after reconnecting" });
  } finally {
    controller.abort();
    await listening;
    await server.stop();
  }
  expect(accepted.map((entry) => entry.source)).toEqual(["ekws", "ekws", "ekws", "ekws", "ekws"]);
  expect(accepted.every((entry) => entry.esi === undefined && /^[0-9a-f]{40}$/.test(entry.hash ?? ""))).toBe(true);
}, 30_000);
