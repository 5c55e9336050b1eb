import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator();
});
afterAll(() => sandbox.stop());

/** Opens a socket and queues every frame so none is missed between awaits. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  const frames: unknown[] = [];
  const waiters: ((frame: unknown) => void)[] = [];
  socket.onmessage = (event) => {
    const frame = JSON.parse(String(event.data));
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  };
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const next = () => (frames.length ? Promise.resolve(frames.shift()) : new Promise((resolve) => waiters.push(resolve)));
  return { socket, next: next as () => Promise<any>, send: (value: unknown) => socket.send(typeof value === "string" ? value : JSON.stringify(value)) };
}

describe("EVE-KILL WebSocket, current protocol", () => {
  test("welcome, subscribe, ping and a published killmail event", async () => {
    const client = await connect(sandbox.server.ekws);
    try {
      const welcome = await client.next();
      expect(welcome).toMatchObject({ type: "welcome", endpoint: "/ws/killmails", name: "Killmails" });
      expect(welcome.availableTopics.universal).toEqual(["all"]);
      client.send({ action: "subscribe", topics: ["all"] });
      expect(await client.next()).toEqual({ type: "subscribed", topics: ["all"] });
      client.send({ action: "ping" });
      expect(await client.next()).toMatchObject({ type: "pong", timestamp: expect.any(Number) });
      const [entry] = sandbox.emulator.publish(1);
      const frame = await client.next();
      expect(frame.channel).toBe("killmails");
      expect(frame.data).toMatchObject({ event: "killmail", killmail_id: entry!.record.killmail_id, killmail_hash: entry!.record.hash });
      expect(frame.data.killmail_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Array.isArray(frame.data.attackers)).toBe(true);
      client.send({ action: "unsubscribe", topics: ["all"] });
      expect(await client.next()).toEqual({ type: "unsubscribed", topics: ["all"] });
      const closed = new Promise<CloseEvent>((resolve) => (client.socket.onclose = resolve));
      client.send({ action: "subscribe", topics: [""] });
      expect((await closed).code).toBe(1008);
    } finally {
      client.socket.close();
    }
  });

  test("a socket only receives killmails on its topics", async () => {
    const client = await connect(sandbox.server.ekws);
    try {
      await client.next();
      client.send({ action: "subscribe", topics: ["system.30000142"] });
      await client.next();
      const entries = sandbox.emulator.publish(100);
      client.send({ action: "ping" });
      const received: number[] = [];
      for (let frame = await client.next(); frame.type !== "pong"; frame = await client.next()) received.push(frame.data.killmail_id);
      const inJita = entries.filter((entry) => entry.record.esi.solar_system_id === 30000142).map((entry) => entry.record.killmail_id);
      expect(inJita.length).toBeGreaterThan(0);
      expect(received).toEqual(inJita);
    } finally {
      client.socket.close();
    }
  });
});

describe("EVE-KILL WebSocket faults", () => {
  test("the drop fault terminates a subscribed socket instead of sending", async () => {
    const client = await connect(sandbox.server.ekws);
    try {
      await client.next();
      client.send({ action: "subscribe", topics: ["all"] });
      await client.next();
      const closed = new Promise<CloseEvent>((resolve) => (client.socket.onclose = resolve));
      sandbox.emulator.setFaults({ dropRate: 1 });
      sandbox.emulator.publish(1);
      expect((await closed).type).toBe("close");
    } finally {
      sandbox.emulator.setFaults({ dropRate: 0 });
    }
  });
});

describe("EVE-KILL WebSocket, legacy protocol", () => {
  test("info welcome, subscription by plain text and JSON, pong and a killmail", async () => {
    const client = await connect(sandbox.server.ekwsLegacy);
    try {
      const welcome = await client.next();
      expect(welcome.type).toBe("info");
      expect(welcome.data.validTopics).toContain("all");
      client.send("all");
      expect(await client.next()).toEqual({ type: "subscribed", data: { topics: ["all"] } });
      client.send({ type: "subscribe", topics: ["solo"] });
      expect(await client.next()).toEqual({ type: "subscribed", data: { topics: ["all", "solo"] } });
      client.send({ type: "ping" });
      expect(await client.next()).toEqual({ type: "pong" });
      const [entry] = sandbox.emulator.publish(1);
      const frame = await client.next();
      expect(frame.type).toBe("killmail");
      expect(frame.data).toMatchObject({ killmail_id: entry!.record.killmail_id, killmail_hash: entry!.record.hash });
      expect(frame.data.region_name).toHaveProperty("en");
      client.send({ type: "subscribe", topics: ["invalid_topic"] });
      expect(await client.next()).toEqual({ type: "error", message: "Invalid topics: invalid_topic. Please reply with a valid list of topics." });
    } finally {
      client.socket.close();
    }
  });
});

describe("EVE-KILL WebSocket across a restart", () => {
  test("after stop() and a new start(), subscribed sockets receive published killmails again", async () => {
    const { emulator } = sandbox;
    const server = await emulator.start({ port: 0 });
    await server.stop();
    const restarted = await emulator.start({ port: 0 });
    const client = await connect(restarted.ekws);
    try {
      await client.next();
      client.send({ action: "subscribe", topics: ["all"] });
      await client.next();
      const [entry] = emulator.publish(1);
      expect((await client.next()).data.killmail_id).toBe(entry!.record.killmail_id);
    } finally {
      client.socket.close();
      await restarted.stop();
    }
  });
});
