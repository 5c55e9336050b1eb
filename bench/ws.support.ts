/** bench:ws's shared parts: the topic mix, latency histograms, the client processes and process memory. */
import { readFileSync } from "node:fs";

/** What one client connects to and sends; `topic` is the same subscription as a bare-server topic name. */
export type ClientPlan = { path: string; messages: string[]; topic: string };
export type ClientCommand = { id: number } & (
  | { type: "connect"; url: string; plans: ClientPlan[] }
  | { type: "report"; groups: Record<string, Record<number, number>> }
  | { type: "close" }
);

/**
 * The mix, in shares of the clients: half follow everything (in each protocol, as bots and live pages do), half
 * one pilot or one system, so routing matters: a kill reaches the handful of those that it involves.
 */
const MIX: { share: number; plan: (ids: { character: number; system: number }) => ClientPlan }[] = [
  { share: 0.2, plan: () => zkb("killstream") },
  { share: 0.15, plan: () => zkb("all:*") },
  { share: 0.1, plan: () => ({ path: "/ws/v1", messages: [JSON.stringify({ action: "subscribe", filter: {} })], topic: "v1:*" }) },
  { share: 0.05, plan: () => ekws("all") },
  { share: 0.2, plan: ({ character }) => zkb(`character:${character}`) },
  { share: 0.1, plan: ({ system }) => zkb(`system:${system}`) },
  {
    share: 0.1,
    plan: ({ character }) => ({
      path: "/ws/v1", messages: [JSON.stringify({ action: "subscribe", filter: { entityKind: "character", entityId: character } })], topic: `v1:character:${character}`,
    }),
  },
  { share: 0.1, plan: ({ character }) => ekws(`attacker.${character}`) },
];
function zkb(channel: string): ClientPlan {
  return { path: "/websocket/", messages: [JSON.stringify({ action: "sub", channel })], topic: `zkb:${channel}` };
}
function ekws(topic: string): ClientPlan {
  return { path: "/ws/killmails", messages: [JSON.stringify({ action: "subscribe", topics: [topic] })], topic: `ekws:${topic}` };
}

/** `clients` plans over the mix; pilots and systems are taken round-robin from those of the kills to come. */
export function planClients({ clients, characters, systems }: { clients: number; characters: number[]; systems: number[] }) {
  const plans: ClientPlan[] = [];
  let picked = 0;
  for (const { share, plan } of MIX) {
    const count = Math.round(share * clients);
    for (let index = 0; index < count && plans.length < clients; index++, picked++) {
      plans.push(plan({ character: characters[picked % characters.length]!, system: systems[picked % systems.length]! }));
    }
  }
  while (plans.length < clients) plans.push(zkb("killstream"));
  return plans;
}

/** Latency histogram: 0.1 ms bins up to a minute, so client processes send counts, not millions of samples. */
const BIN_MS = 0.1;
const BINS = 600_000;
export function createHistogram() {
  const bins = new Uint32Array(BINS);
  return { bins, add: (ms: number) => bins[Math.min(BINS - 1, Math.max(0, Math.floor(ms / BIN_MS)))]!++ };
}
export function mergeHistograms(histograms: Uint32Array[]) {
  const merged = new Uint32Array(BINS);
  for (const histogram of histograms) for (let bin = 0; bin < BINS; bin++) merged[bin]! += histogram[bin]!;
  return merged;
}
/** p50, p99 and the count of a histogram, in ms (upper edge of the bin). */
export function summarize(bins: Uint32Array) {
  let count = 0;
  for (const value of bins) count += value;
  const at = (share: number) => {
    const rank = Math.max(1, Math.ceil(share * count));
    let seen = 0;
    for (let bin = 0; bin < BINS; bin++) if ((seen += bins[bin]!) >= rank) return (bin + 1) * BIN_MS;
    return Number.NaN;
  };
  return { count, p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Client processes, each holding a slice of the clients, driven by request/answer over IPC. */
export async function startClientProcesses({ processes }: { processes: number }) {
  const children = await Promise.all(Array.from({ length: processes }, () => startClientProcess()));
  const each = <T>(build: (index: number) => Omit<ClientCommand, "id">) => Promise.all(children.map((child, index) => child.ask<T>(build(index))));
  return {
    async connect({ url, plans }: { url: string; plans: ClientPlan[] }) {
      const slices = children.map((_, index) => plans.filter((_, at) => at % processes === index));
      const answers = await each<{ connected: number; closed: number }>((index) => ({ type: "connect", url, plans: slices[index]! }));
      return { connected: answers.reduce((sum, answer) => sum + answer.connected - answer.closed, 0) };
    },
    async report({ groups }: { groups: Record<string, Record<number, number>> }) {
      const answers = await each<{ histograms: Record<string, Uint32Array>; frames: number; open: number }>(() => ({ type: "report", groups }));
      const merged = Object.fromEntries(Object.keys(groups).map((name) => [name, summarize(mergeHistograms(answers.map((answer) => answer.histograms[name]!)))]));
      return { latencies: merged, frames: answers.reduce((sum, answer) => sum + answer.frames, 0), open: answers.reduce((sum, answer) => sum + answer.open, 0) };
    },
    close: () => each(() => ({ type: "close" })),
    kill: () => Promise.all(children.map((child) => child.kill())),
  };
}

async function startClientProcess() {
  const waiting = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ready: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const proc = Bun.spawn(["bun", new URL("./ws.clients.ts", import.meta.url).pathname], {
    stdio: ["ignore", "inherit", "inherit"],
    serialization: "advanced",
    ipc(message: { id: number; result?: unknown; error?: string }) {
      if (message.id === 0) return ready();
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result);
    },
  });
  await started;
  return {
    ask<T>(command: Omit<ClientCommand, "id">) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        proc.send({ ...command, id });
      });
    },
    async kill() {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}

/** Resident memory of a process, in bytes. */
export function readRssBytes({ pid }: { pid: number }) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((row) => row.startsWith("VmRSS:"));
  return Number(line?.match(/\d+/)?.[0] ?? 0) * 1024;
}

/**
 * 20,000 sockets need more than the usual 20,000 descriptors in the server process: raise this process's limit
 * (children inherit it) when allowed, else say how many fit.
 */
export function raiseOpenFileLimit({ wanted }: { wanted: number }) {
  const raised = Bun.spawnSync(["prlimit", "--pid", String(process.pid), `--nofile=${wanted}:${wanted}`]);
  const limit = Bun.spawnSync(["sh", "-c", "ulimit -n"]).stdout.toString().trim();
  return { raised: raised.exitCode === 0, limit: Number(limit) };
}

export const wallClockMs = () => performance.timeOrigin + performance.now();
