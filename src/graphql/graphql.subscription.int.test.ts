/**
 * `killmailAdded` against a real `serve` process: killmails are stored through the real processor and announced on
 * Redis as the worker does; a graphql-ws client (WebSocket) and a GraphQL-over-SSE request follow them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createClient, type Client } from "graphql-ws";
import { importKillmails } from "../killmails/killmail.import.ts";
import { FIXTURE, readFixture } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { buildKill, createLiveWriter } from "../../test/support/live.ts";
import { findFreePort } from "../../test/support/ports.ts";
import { spawnRole, waitFor, type RoleProcess } from "../../test/support/processes.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { createSseReader } from "../../test/support/sse.ts";

const PILOT = 2_120_000_001;
const MAX_SOCKETS = 3;
const template = readFixture().find((record) => record.esi.attackers.length >= 5)!;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redis = createTestRedis({ name: "graphql-subscriptions" });
let serve: RoleProcess;
let port = 0;
let store: Awaited<ReturnType<typeof createLiveWriter>>;
let nextId = 300_000_000;

/** A new kill now; with the pilot as its 10th of 50 attackers when `withPilot`. */
const kill = (withPilot: boolean) => buildKill({ template, id: nextId++, attackers: 50, pilot: withPilot ? { slot: 9, characterId: PILOT } : undefined });

const SUBSCRIPTION = `subscription ($after: Int) {
  killmailAdded(filter: { entityKind: character, entityId: ${PILOT}, role: attacker }, after: $after) {
    sequence gap { from to }
    killmail { id sequence attackers(first: 10) { character { id } } victim { ship { name } } }
  }
}`;
type Event = { sequence: number; gap: unknown; killmail: { id: number; sequence: number; attackers: { character: { id: number } | null }[] } | null };

/** Every event of a graphql-ws subscription, kept as it arrives. */
function subscribeOverWebSocket({ client, after }: { client: Client; after?: number }) {
  const events: Event[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<{ killmailAdded: Event }>({ query: SUBSCRIPTION, variables: { after } }, {
    next: (result) => (result.errors ? errors.push(result.errors) : events.push(result.data!.killmailAdded)),
    error: (error) => errors.push(error),
    complete: () => {},
  });
  return { events, errors, stop };
}

async function readHead() {
  const [row] = await db.sql<{ last: number }[]>`select last from live_sequence_head`;
  return Number(row!.last);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await importKillmails({ sql: db.sql, files: [FIXTURE] });
  store = await createLiveWriter({ sql: db.sql, redis: redis.redis, prefix: redis.prefix });
  port = findFreePort();
  serve = spawnRole({
    args: ["serve"], env: { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PORT: String(port), WS_MAX_CONNECTIONS_PER_IP: String(MAX_SOCKETS) },
  });
  await waitFor({
    what: "serve /ready", timeoutMs: 60_000, intervalMs: 100,
    check: async () => {
      if (serve.proc.exitCode !== null) throw new Error(`serve exited ${serve.proc.exitCode}: ${serve.output()}`);
      return fetch(`http://127.0.0.1:${port}/ready`).then((response) => response.ok, () => false);
    },
  });
}, 90_000);
afterAll(async () => {
  await serve?.kill("SIGTERM");
  await redis.drop();
  await db.drop();
});

describe("killmailAdded", () => {
  test("over WebSocket, a subscription on one attacker receives the next kill they are in and nothing else; after a disconnect, resuming over SSE delivers the missed ones exactly once, then live ones", async () => {
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    // Resuming from the head makes the subscription exact whenever the server starts following.
    const live = subscribeOverWebSocket({ client, after: await readHead() });
    const [, withPilot, ] = await store([kill(false), kill(true), kill(false)]);
    await waitFor({ what: "the matching kill over graphql-ws", timeoutMs: 15_000, intervalMs: 20, check: async () => live.events.length >= 1 });
    await Bun.sleep(300);
    expect(live.errors).toEqual([]);
    expect(live.events.map((event) => event.sequence)).toEqual([withPilot!]);
    const [first] = live.events;
    expect(first!.killmail!.sequence).toBe(withPilot!);
    expect(first!.killmail!.attackers[9]!.character).toEqual({ id: PILOT });

    live.stop();
    await client.dispose();
    const missed = await store([kill(true), kill(false), kill(true), kill(false)]);
    const expected = [missed[0]!, missed[2]!];

    const disconnect = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST", signal: disconnect.signal, headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { after: withPilot } }),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const sse = createSseReader(response.body!);
    const received: number[] = [];
    const readNext = async () => {
      for (;;) {
        const message = await sse.next();
        if (!message) throw new Error("the SSE subscription ended");
        if (message.event === "next") return JSON.parse(message.data).data.killmailAdded as Event;
      }
    };
    for (let index = 0; index < 2; index++) received.push((await readNext()).sequence);
    expect(received).toEqual(expected);
    const [later] = await store([kill(false), kill(true)]).then((sequences) => [sequences[1]!]);
    expect((await readNext()).sequence).toBe(later!);
    disconnect.abort();
  }, 60_000);

  test("a bad filter or a time range on a subscription is refused with BAD_USER_INPUT, and the socket stays usable", async () => {
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const outcome = (query: string) => new Promise<unknown>((resolve) => {
      client.subscribe({ query }, { next: (result) => resolve(result.errors), error: resolve, complete: () => resolve("complete") });
    });
    const refused = await outcome(`subscription { killmailAdded(filter: { since: "2026-01-01T00:00:00Z" }) { sequence } }`) as { message: string; extensions: { code: string } }[];
    expect(refused[0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(refused[0]!.message).toContain("since");
    const unpaired = await outcome(`subscription { killmailAdded(filter: { entityId: 5 }) { sequence } }`) as { extensions: { code: string } }[];
    expect(unpaired[0]!.extensions.code).toBe("BAD_USER_INPUT");
    const invalid = await outcome(`subscription { killmailAdded { nope } }`) as { extensions: { code: string } }[];
    expect(invalid[0]!.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const query = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: "{ killmails(first: 1) { edges { node { id } } } }" }, { next: (result) => resolve(result.data), error: resolve, complete: () => {} });
    });
    expect(query).toMatchObject({ killmails: { edges: [{ node: { id: expect.any(Number) } }] } });
    await client.dispose();
  }, 30_000);

  test("the WebSocket has the API's guards: operations past the rate limit are refused with RATE_LIMITED, and connections past the per-address cap are turned away", async () => {
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    // A refused operation is graphql-ws's error message: the errors, not a result.
    const run = () => new Promise<{ errors?: { extensions: { code: string } }[] }>((resolve) => {
      client.subscribe({ query: "{ region(id: 10000002) { name } }" }, {
        next: (result) => resolve(result as never), error: (errors) => resolve({ errors: errors as never }), complete: () => {},
      });
    });
    // serve's API budget: 120 at once (less what the tests above spent from this address), 20 a second after that,
    // so a slower run (a loaded machine) may be granted a few more.
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 160 }, run));
    const refilled = Math.ceil(((performance.now() - started) / 1000) * 20);
    const limited = results.filter((result) => result.errors?.[0]?.extensions.code === "RATE_LIMITED").length;
    expect(limited).toBeGreaterThanOrEqual(Math.max(1, 160 - 120 - refilled));
    expect(results.length - limited).toBeGreaterThan(100);
    await client.dispose();

    const sockets = await Promise.all(Array.from({ length: MAX_SOCKETS }, () => openSocket()));
    expect(sockets.every((socket) => socket.readyState === WebSocket.OPEN)).toBe(true);
    await expect(openSocket()).rejects.toThrow("refused");
    for (const socket of sockets) socket.close();
  }, 30_000);
});

function openSocket() {
  return new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
    socket.onopen = () => resolve(socket);
    socket.onerror = () => reject(new Error("refused"));
  });
}
