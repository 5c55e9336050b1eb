/**
 * The live feed's figures, for the `ws` role. TODO: `killboard ws` does not exist yet; its role calls this on its
 * registry when it lands. Until then no role registers these, so no process exports a connection count of 0
 * for a server it does not run.
 */
import { Counter, Gauge, type Registry } from "prom-client";

export function defineWsMetrics({ registry }: { registry: Registry }) {
  const clients = new Gauge({ name: "killboard_ws_clients", help: "WebSocket clients connected", registers: [registry] });
  const frames = new Counter({
    name: "killboard_ws_frames_total",
    help: "WebSocket frames, by direction (sent, received)",
    labelNames: ["direction"], registers: [registry],
  });
  return {
    setClients({ count }: { count: number }) {
      clients.set(count);
    },
    countFrames({ direction, count = 1 }: { direction: "sent" | "received"; count?: number }) {
      frames.inc({ direction }, count);
    },
  };
}

export type WsMetrics = ReturnType<typeof defineWsMetrics>;
