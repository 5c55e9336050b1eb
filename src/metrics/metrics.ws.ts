/**
 * The live feed's figures, registered by the `ws` role only (src/roles/ws.role.ts), so no other process exports a
 * connection count of 0 for a server it does not run.
 */
import { Counter, Gauge, type Registry } from "prom-client";

export function defineWsMetrics({ registry }: { registry: Registry }) {
  const clients = new Gauge({ name: "killboard_ws_clients", help: "WebSocket clients connected", registers: [registry] });
  const frames = new Counter({
    name: "killboard_ws_frames_total",
    help: "WebSocket frames, by direction (sent, received)",
    labelNames: ["direction"], registers: [registry],
  });
  const dropped = new Counter({
    name: "killboard_ws_dropped_total",
    help: "WebSocket clients closed by the server, by reason (slow: send buffer full, malformed: too many bad messages)",
    labelNames: ["reason"], registers: [registry],
  });
  return {
    setClients({ count }: { count: number }) {
      clients.set(count);
    },
    countFrames({ direction, count = 1 }: { direction: "sent" | "received"; count?: number }) {
      frames.inc({ direction }, count);
    },
    countDropped({ reason }: { reason: "slow" | "malformed" }) {
      dropped.inc({ reason });
    },
  };
}

export type WsMetrics = ReturnType<typeof defineWsMetrics>;
