/**
 * Live-feed test kit: killmails stored through the real processor and announced on Redis exactly as the worker
 * does (for tests where the feed itself is beside the point), `ws` role processes, and a WebSocket client that
 * queues every frame so none is lost between awaits.
 */
import { createKillmailProcessor } from "../../src/killmails/killmail.usecases.ts";
import { parseKillmailInput } from "../../src/killmails/killmail.schemas.ts";
import { storeKillmailBatch } from "../../src/killmails/killmail.store.ts";
import { syntheticHash } from "../../src/killmails/killmail.synthetic.ts";
import { killmailEventKeys, publishKillmailEvent } from "../../src/ingest/killmail.events.ts";
import type { Sql } from "../../src/db/db.client.ts";
import type { Redis } from "ioredis";
import type { FixtureRecord } from "../e2e/seed.ts";
import { findFreePort } from "./ports.ts";
import { findSample, parseExposition } from "./prometheus.ts";
import { spawnRole, waitFor, type RoleProcess } from "./processes.ts";

export type TestKill = { killmail_id: number; hash: string; esi: FixtureRecord["esi"] & { killmail_id: number } };

/** Pilots of built kills: far from the fixtures' and the synthetic pool's ids. */
const PILOT_BASE = 2_110_000_000;

/**
 * A kill shaped on `template` with `attackers` distinct pilots of its own (ids from the kill id), unless `pilot`
 * puts a given character at a given attacker slot. Only slot 0 has the final blow.
 */
export function buildKill({ template, id, attackers = 50, pilot, time = new Date() }: {
  template: FixtureRecord; id: number; attackers?: number; pilot?: { slot: number; characterId: number }; time?: Date;
}): TestKill {
  const base = template.esi.attackers.find((who) => who.character_id) ?? template.esi.attackers[0];
  const list = Array.from({ length: attackers }, (_, slot) => ({
    ...base, character_id: pilot?.slot === slot ? pilot.characterId : PILOT_BASE + (id % 100_000) * 100 + slot,
    corporation_id: 98_800_000 + (id % 1000), final_blow: slot === 0, damage_done: 1000 - slot,
  }));
  for (const who of list) delete (who as { alliance_id?: number }).alliance_id;
  const esi = { ...template.esi, killmail_id: id, killmail_time: time.toISOString().replace(/\.\d{3}Z$/, "Z"), attackers: list };
  return { killmail_id: id, hash: syntheticHash({ seed: 7, killmailId: id }), esi };
}

/** Stores kills in one batch and publishes each one's event on the worker's channel. */
export async function createLiveWriter({ sql, redis, prefix }: { sql: Sql; redis: Redis; prefix: string }) {
  const { storeKillmails } = await createKillmailProcessor({ sql });
  const keys = killmailEventKeys({ prefix });
  /** `publishedAt` maps each sequence to when its event went out (performance.now()), for latency figures. */
  return async function store(kills: TestKill[], { publishedAt }: { publishedAt?: Map<number, number> } = {}) {
    const inputs = kills.map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date() }));
    const outcome = await storeKillmailBatch({ storeKillmails, inputs });
    if (outcome.rejections.length) throw new Error(`rejected: ${outcome.rejections[0]!.reason}`);
    for (const input of inputs) {
      const sequence = outcome.sequences.get(input.killmailId) ?? null;
      const event = {
        event: "killmail" as const, sequence, killmailId: input.killmailId, hash: input.hash, killmailTime: input.esi.killmail_time,
        solarSystemId: input.esi.solar_system_id, source: "import", storedAt: new Date().toISOString(),
      };
      publishedAt?.set(sequence!, performance.now());
      await publishKillmailEvent({ redis, event, ...keys });
    }
    return inputs.map((input) => outcome.sequences.get(input.killmailId)!);
  };
}

/** Starts `killboard ws` on a free port; resolves once /health answers. */
export async function startWsRole({ env, port = findFreePort(), args = [] }: { env: Record<string, string>; port?: number; args?: string[] }) {
  const role: RoleProcess = spawnRole({ args: ["ws", "--port", String(port), ...args], env });
  await waitFor({
    check: async () => {
      if (role.proc.exitCode !== null) throw new Error(`ws exited ${role.proc.exitCode}: ${role.output()}`);
      return fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
    },
    timeoutMs: 30_000, what: "ws /health",
  });
  return { role, port, url: (path: string) => `ws://127.0.0.1:${port}${path}` };
}

export type TestClient = Awaited<ReturnType<typeof connectClient>>;

/** A client keeping every text frame (JSON parsed when it parses) with its arrival time. */
export async function connectClient(url: string) {
  const socket = new WebSocket(url);
  // Parsed when taken, not on arrival: arrival times stay what the socket saw, however big the frames.
  const frames: { text: string; at: number; readonly data: any }[] = [];
  let read = 0;
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve));
  socket.addEventListener("message", (event) => {
    const text = String(event.data);
    let parsed: { value: unknown } | undefined;
    frames.push({
      text, at: performance.now(),
      get data() {
        if (!parsed) {
          try {
            parsed = { value: JSON.parse(text) };
          } catch {
            parsed = { value: text }; // zKillboard's `pong` is plain text
          }
        }
        return parsed.value;
      },
    });
  });
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", () => reject(new Error(`cannot connect to ${url}`)));
  });
  const client = {
    socket, frames, closed,
    send: (value: unknown) => socket.send(typeof value === "string" ? value : JSON.stringify(value)),
    /** The next frame not yet taken. */
    async next({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
      await waitFor({ check: async () => frames.length > read, timeoutMs, intervalMs: 5, what: `frame ${read + 1} from ${url}` });
      return frames[read++]!.data;
    },
    /** Waits until `count` frames not yet taken are there, and takes them. */
    async take({ count, timeoutMs = 20_000 }: { count: number; timeoutMs?: number }) {
      await waitFor({ check: async () => frames.length >= read + count, timeoutMs, intervalMs: 1, what: `${count} frames from ${url} (have ${frames.length - read})` });
      const taken = frames.slice(read, read + count).map((frame) => frame.data);
      read += count;
      return taken;
    },
    /** Frames not yet taken, after waiting `ms` for stragglers. */
    async rest({ ms = 300 }: { ms?: number } = {}) {
      await Bun.sleep(ms);
      const taken = frames.slice(read).map((frame) => frame.data);
      read = frames.length;
      return taken;
    },
    close: () => socket.close(),
  };
  return client;
}

/** A masked client text frame (RFC 6455 5.3), for raw sockets that must not read. */
export function maskedTextFrame(text: string) {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  const mask = Buffer.from([1, 2, 3, 4]);
  return Buffer.concat([header, mask, payload.map((byte, index) => byte ^ mask[index % 4]!)]);
}

/**
 * A WebSocket client that sends `messages` after the handshake and never reads again: its kernel buffers fill, then
 * the server's. `destroy()` ends it from this side.
 */
export async function connectStalledClient({ port, path, messages }: { port: number; path: string; messages: string[] }) {
  const { connect } = await import("node:net");
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  await new Promise((resolve) => socket.once("data", resolve));
  socket.pause();
  for (const message of messages) socket.write(maskedTextFrame(message));
  return { destroy: () => socket.destroy() };
}

/** A sample of a ws process's /metrics (matched by name and the labels given), 0 when absent. */
export async function readMetric({ port, name, labels = {} }: { port: number; name: string; labels?: Record<string, string> }) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return findSample({ families: parseExposition({ text }), name, labels }) ?? 0;
}

/** The nearest-rank percentile (`share` 0–1) of `values`; NaN when there are none. */
export const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
};
