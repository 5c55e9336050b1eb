/**
 * The board's sense of time. In production it is the machine's. With CLOCK_URL (the sandbox and tests) it follows
 * an emulator's offset, so the emulated SSO's tokens, the board's sessions and delayed kills expire together when a
 * test moves the emulator's clock on. The offset is polled, so `now()` stays synchronous and cheap.
 */
import { sleep } from "./time.ts";

export type Clock = { now: () => Date; stop: () => void };

const POLL_MS = 250;

export const systemClock: Clock = { now: () => new Date(), stop: () => {} };

async function readOffset(url: string) {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`clock ${url}: HTTP ${response.status}`);
  const body = (await response.json()) as { offsetMs?: unknown };
  if (typeof body.offsetMs !== "number" || !Number.isFinite(body.offsetMs)) throw new Error(`clock ${url}: no offsetMs`);
  return body.offsetMs;
}

/** Resolves once the first offset is read, so nothing runs on the wrong time; an unreachable clock keeps the last offset. */
export async function createClock({ url }: { url?: string }): Promise<Clock> {
  if (!url) return systemClock;
  let offsetMs = await readOffset(url);
  let running = true;
  void (async () => {
    while (running) {
      await sleep(POLL_MS);
      offsetMs = await readOffset(url).catch(() => offsetMs);
    }
  })();
  return { now: () => new Date(Date.now() + offsetMs), stop: () => void (running = false) };
}
