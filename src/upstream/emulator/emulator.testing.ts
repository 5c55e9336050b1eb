/**
 * Starts an emulator on a free loopback port with test-speed timings (RedisQ seconds of 20 ms, no redirect
 * sleep). For this module's tests and for other modules' tests that need fake upstreams.
 */
import type { EmulatorDataset } from "./dataset.ts";
import { createEmulator, type EmulatorOptions } from "./emulator.ts";

export const TEST_TIMINGS = { redisqSecondMs: 20, redisqRedirectDelayMs: [0, 0] as [number, number], esiErrorWindowMs: 60_000 };

export async function startTestEmulator({ dataset, options = {} }: { dataset?: EmulatorDataset; options?: EmulatorOptions } = {}) {
  const emulator = await createEmulator({ dataset, options: { ...options, timings: { ...TEST_TIMINGS, ...options.timings } } });
  const server = await emulator.start({ port: 0, hostname: "127.0.0.1" });
  const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: "manual", ...init });
  const post = (path: string, body: unknown) =>
    get(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { emulator, server, get, post, stop: () => server.stop() };
}

export type TestEmulator = Awaited<ReturnType<typeof startTestEmulator>>;
