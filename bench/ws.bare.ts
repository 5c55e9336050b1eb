/**
 * bench:ws's baseline: a bare Bun server that does nothing but `server.publish(topic, frame)`. It holds the very
 * frames the `ws` role sent (built by the same code, read from a file), subscribes each socket to the topic its
 * `?topic=` names (the client still sends its protocol's subscribe message, ignored), and on each of the worker's
 * events (Redis pub/sub, as `ws` gets them) publishes the frames held for that killmail id. No PostgreSQL read, no
 * routing.
 * Usage: bun bench/ws.bare.ts <frames.json> <redis url> <channel>   (prints "port <n>" once listening)
 */
import { Redis } from "ioredis";
import type { BareFrames } from "./ws.frames.ts";

const [framesFile, redisUrl, channel] = process.argv.slice(2) as [string, string, string];
const frames = new Map(Object.entries((await Bun.file(framesFile).json()) as Record<string, BareFrames>));
Bun.gc(true); // the parse garbage would otherwise be returned during the connects and hide their memory

const server = Bun.serve<{ topic: string }>({
  port: 0,
  hostname: "127.0.0.1",
  fetch(request, server) {
    const topic = new URL(request.url).searchParams.get("topic") ?? "";
    return server.upgrade(request, { data: { topic } }) ? undefined : new Response("upgrade failed", { status: 400 });
  },
  websocket: {
    idleTimeout: 30,
    sendPings: true,
    perMessageDeflate: false,
    open(socket) {
      socket.subscribe(socket.data.topic);
    },
    message() {},
  },
});

const subscriber = new Redis(redisUrl);
subscriber.on("message", (_from, message) => {
  const { killmailId } = JSON.parse(message) as { killmailId: number };
  const kill = frames.get(String(killmailId));
  for (const [topic, index] of kill?.topics ?? []) server.publish(topic, kill!.texts[index]!);
});
await subscriber.subscribe(channel);
console.log(`port ${server.port}`);
