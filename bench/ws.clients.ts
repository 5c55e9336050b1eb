/**
 * One client process of bench:ws: holds its share of the WebSocket clients and notes, per killmail id, the wall
 * clock (performance.timeOrigin + performance.now(), comparable across processes of one machine) at which each
 * frame arrived. Frames are not parsed on arrival, only searched for the killmail id, so the clients stay cheaper
 * than the server they measure. Driven by its parent over IPC: connect → report (latency histograms against the
 * origins the parent sends) → close.
 */
import { createHistogram, type ClientPlan, type ClientCommand } from "./ws.support.ts";

const CONNECTING_AT_ONCE = 200;
const KEYS = ['"killmail_id":', '"killID":'];

let sockets: WebSocket[] = [];
let arrivals = new Map<number, number[]>();
let frames = 0;

function killmailIdOf(text: string) {
  for (const key of KEYS) {
    const at = text.indexOf(key);
    if (at >= 0) return Number.parseInt(text.slice(at + key.length, at + key.length + 20), 10);
  }
  return null;
}

function onFrame(event: MessageEvent) {
  const at = performance.timeOrigin + performance.now();
  if (typeof event.data !== "string") return;
  const id = killmailIdOf(event.data);
  if (id === null) return;
  frames++;
  let list = arrivals.get(id);
  if (!list) arrivals.set(id, (list = []));
  list.push(at);
}

function open({ url, plan }: { url: string; plan: ClientPlan }) {
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`${url}${plan.path}`);
    socket.onmessage = onFrame;
    socket.onopen = () => {
      for (const message of plan.messages) socket.send(message);
      resolve(socket);
    };
    socket.onerror = () => reject(new Error(`cannot connect to ${url}${plan.path}`));
  });
}

async function connect({ url, plans }: { url: string; plans: ClientPlan[] }) {
  let next = 0;
  const lanes = Array.from({ length: CONNECTING_AT_ONCE }, async () => {
    while (next < plans.length) sockets.push(await open({ url, plan: plans[next++]! }));
  });
  await Promise.all(lanes);
  return { connected: sockets.length, closed: sockets.filter((socket) => socket.readyState !== WebSocket.OPEN).length };
}

/** Latencies per group of origins (e.g. delivery, end-to-end; steady, burst), as histograms. */
function report({ groups }: { groups: Record<string, Record<number, number>> }) {
  const histograms: Record<string, Uint32Array> = {};
  for (const [name, origins] of Object.entries(groups)) {
    const histogram = createHistogram();
    for (const [id, origin] of Object.entries(origins)) for (const at of arrivals.get(Number(id)) ?? []) histogram.add(at - origin);
    histograms[name] = histogram.bins;
  }
  const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
  return { histograms, frames, open };
}

async function close() {
  const closing = sockets.map((socket) => new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve(null);
    socket.onclose = resolve;
    socket.close();
  }));
  await Promise.race([Promise.all(closing), Bun.sleep(10_000)]);
  sockets = [];
  arrivals = new Map();
  frames = 0;
  return {};
}

process.on("message", async (command: ClientCommand) => {
  try {
    const result = command.type === "connect" ? await connect(command) : command.type === "report" ? report(command) : await close();
    process.send!({ id: command.id, result });
  } catch (error) {
    process.send!({ id: command.id, error: (error as Error).message });
  }
});
// Ends with the bench, even a failed one.
process.on("disconnect", () => process.exit(0));
process.send!({ id: 0, result: { ready: true } });
