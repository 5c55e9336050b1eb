/** bench:ws's moving parts beside the real roles: a tap in front of R2Z2 that notes when each record is served, and the bare baseline server. */
import { unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BareFrames } from "./ws.frames.ts";
import { wallClockMs } from "./ws.support.ts";

/** Wall-clock ms per killmail id at each stage of the live path. */
export type Stamps = { emulated: Map<number, number>; served: Map<number, number>; stored: Map<number, number>; event: Map<number, number> };

/** Forwards every request to the emulator's R2Z2 (one loopback hop more, ~0.2 ms) and stamps each record served. */
export function startR2z2Tap({ target, stamps }: { target: string; stamps: Stamps }) {
  const sequences = new Map<number, number>();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      const response = await fetch(`${target}${url.pathname}${url.search}`, { headers: request.headers });
      const body = await response.arrayBuffer();
      const sequence = Number(url.pathname.match(/\/ephemeral\/(\d+)\.json$/)?.[1]);
      const killmailId = sequences.get(sequence);
      if (response.status === 200 && killmailId !== undefined && !stamps.served.has(killmailId)) stamps.served.set(killmailId, wallClockMs());
      const headers = new Headers(response.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      return new Response(body, { status: response.status, headers });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, sequences, stop: () => server.stop(true) };
}

/** Starts ws.bare.ts with `frames` (killmail id → its frames and their topics), published as the worker's events for those ids arrive on `channel`. */
export async function startBare({ frames, redisUrl, channel }: { frames: Record<number, BareFrames>; redisUrl: string; channel: string }) {
  const file = join(tmpdir(), `bench-ws-frames-${process.pid}.json`);
  await Bun.write(file, JSON.stringify(frames));
  const proc = Bun.spawn(["bun", new URL("./ws.bare.ts", import.meta.url).pathname, file, redisUrl, channel], { stdout: "pipe", stderr: "inherit" });
  // A failed run must not leave it behind, subscribed and holding its frames.
  process.on("exit", () => proc.kill("SIGKILL"));
  const reader = proc.stdout.getReader();
  let output = "";
  while (!/port \d+/.test(output)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`bare server exited: ${output}`);
    output += new TextDecoder().decode(value);
  }
  return {
    port: Number(output.match(/port (\d+)/)![1]),
    pid: proc.pid,
    async kill() {
      proc.kill("SIGTERM");
      await proc.exited;
      await unlink(file).catch(() => {});
    },
  };
}
