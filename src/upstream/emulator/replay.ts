/**
 * Live trickle after the initial backlog: `rate` killmails per second and, optionally, a burst of `burstSize`
 * every `burstEveryMs`, until the data set is exhausted. Small rates tick once per killmail; large ones batch
 * per 50 ms so timers stay cheap.
 */
import type { Feed } from "./feed.ts";

const MIN_TICK_MS = 50;

export type ReplayOptions = { rate?: number; burstSize?: number; burstEveryMs?: number };

export function createReplay({ feed, rate = 0, burstSize = 0, burstEveryMs = 0, onPublished }: ReplayOptions & {
  feed: Feed;
  onPublished?: (count: number) => void;
}) {
  const timers: Timer[] = [];
  let owed = 0;

  function publish(count: number) {
    const entries = feed.publish({ count });
    if (entries.length) onPublished?.(entries.length);
    if (feed.remaining() === 0) stop();
  }

  function start() {
    if (rate > 0) {
      const tickMs = Math.max(MIN_TICK_MS, 1000 / rate);
      timers.push(setInterval(() => {
        owed += (rate * tickMs) / 1000;
        const whole = Math.floor(owed);
        owed -= whole;
        if (whole > 0) publish(whole);
      }, tickMs));
    }
    if (burstSize > 0 && burstEveryMs > 0) timers.push(setInterval(() => publish(burstSize), burstEveryMs));
  }

  function stop() {
    for (const timer of timers.splice(0)) clearInterval(timer);
  }

  return { start, stop };
}
