/**
 * Fault injection for resilience tests: random 5xx on ESI, a forced ESI error-limit storm (420 everywhere for
 * a while), slow answers and dropped connections. Randomness is seeded so a failing test replays the same way.
 */
import { mixHash } from "../../killmails/killmail.synthetic.ts";

export type Faults = {
  /** Share (0..1) of ESI requests answered with a random 5xx. */
  errorRate: number;
  /** Milliseconds added before every answer (not /_emulator). */
  delayMs: number;
  /** Share (0..1) of HTTP requests whose connection is cut without an answer. */
  dropRate: number;
};

export const NO_FAULTS: Faults = { errorRate: 0, delayMs: 0, dropRate: 0 };
const SERVER_ERRORS = [500, 502, 503, 504] as const;

export function createFaults({ initial = {}, seed = 1 }: { initial?: Partial<Faults>; seed?: number } = {}) {
  let faults: Faults = { ...NO_FAULTS, ...initial };
  let draw = 0;
  const chance = () => mixHash(seed, draw++, 0xfa) / 0x1_0000_0000;

  return {
    get: () => ({ ...faults }),
    set: (patch: Partial<Faults>) => void (faults = { ...faults, ...patch }),
    shouldDrop: () => faults.dropRate > 0 && chance() < faults.dropRate,
    /** A 5xx status to answer with, or null to answer normally. */
    serverError: (): number | null => {
      if (!(faults.errorRate > 0 && chance() < faults.errorRate)) return null;
      return SERVER_ERRORS[Math.floor(chance() * SERVER_ERRORS.length)]!;
    },
    delay: () => (faults.delayMs > 0 ? Bun.sleep(faults.delayMs) : undefined),
  };
}

export type FaultState = ReturnType<typeof createFaults>;

/**
 * A response whose body fails before its first byte: the client sees the connection reset, as with a dropped
 * upstream. The stream errors with no reason on purpose: Bun logs a reason as an unhandled error.
 */
export function droppedConnection() {
  return new Response(new ReadableStream({ pull: (controller) => controller.error() }));
}
