/** What every route module of the emulator is built from; made once by createEmulator. */
import type { Clock } from "./clock.ts";
import type { EmulatorDataset } from "./dataset.ts";
import type { Entities } from "./entities.ts";
import type { EsiLimits } from "./esi.limits.ts";
import type { FaultState } from "./faults.ts";
import type { Feed } from "./feed.ts";
import type { PrivateKillmails } from "./private.killmails.ts";
import type { GrantStore } from "./sso.grants.ts";
import type { SigningKeys } from "./sso.keys.ts";
import type { Stats } from "./stats.ts";
import type { Universe } from "./universe.ts";
import type { ZkbFor } from "./zkb.ts";

export type RedisqPackageShape = "zkb-only" | "with-killmail";

export type EmulatorTimings = {
  /** Real ms per RedisQ `ttw` second (1000 = real time; tests use ~20). */
  redisqSecondMs: number;
  /** RedisQ sleeps 0.5–1.5 s before its 302 (listen.js); [min, max] ms, [0, 0] in tests. */
  redisqRedirectDelayMs: [number, number];
  /** Length of the ESI error-limit window (60,000 in reality). */
  esiErrorWindowMs: number;
};

export type EmulatorContext = {
  dataset: EmulatorDataset;
  feed: Feed;
  universe: Universe;
  entities: Entities;
  zkbFor: ZkbFor;
  stats: Stats;
  faults: FaultState;
  esiLimits: EsiLimits;
  timings: EmulatorTimings;
  redisqPackage: RedisqPackageShape;
  /** R2Z2 allows 20 requests/s per client IP (UPSTREAMS a.4). */
  r2z2RequestsPerSecond: number;
  /** R2Z2's files are ephemeral ("~24 hours", UPSTREAMS a.4): only the newest this many sequences are served. */
  r2z2RetainedSequences: number;
  /** The emulated SSO: signing keys, and the codes and refresh tokens it has issued. */
  sso: { keys: SigningKeys; grants: GrantStore };
  /** Kills of the SSO characters that only the authenticated ESI routes reveal. */
  privateKillmails: PrivateKillmails;
  startedAt: number;
  /** Real time plus the control API's offset (clock.ts); everything time-dependent reads `now`. */
  clock: Clock;
  now: () => number;
};

/** Hono bindings: the client address Bun.serve saw, for per-client limits. */
export type EmulatorEnv = { Bindings: { ip: string } };

/** Counts requests per key in a sliding window; used for R2Z2's per-IP limit. */
export function createWindowCounter({ limit, windowMs, now }: { limit: number; windowMs: number; now: () => number }) {
  const hits = new Map<string, number[]>();
  return {
    allow(key: string) {
      const cutoff = now() - windowMs;
      const recent = (hits.get(key) ?? []).filter((time) => time > cutoff);
      const allowed = recent.length < limit;
      if (allowed) recent.push(now());
      hits.set(key, recent);
      return allowed;
    },
  };
}
