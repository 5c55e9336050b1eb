/**
 * The upstream emulator as a library: `createEmulator` builds the data, feed and servers; `start` listens
 * (port 0 in tests) and returns the base URLs to give the killboard. The `emulate` role and the test harness
 * both go through here.
 */
import { createClock } from "./clock.ts";
import { createControlRoutes, applyFaults, publishNow, type FaultPatch } from "./control.routes.ts";
import { loadEmulatorDataset, loadRealRecords, type EmulatorDataset } from "./dataset.ts";
import type { EmulatorContext, EmulatorTimings, RedisqPackageShape } from "./emulator.context.ts";
import { createEkwsHub } from "./ekws.socket.ts";
import { indexEntities } from "./entities.ts";
import { createEsiApp } from "./esi.app.ts";
import { createEverefRoutes } from "./everef.routes.ts";
import { createEsiLimits, type BucketGroup, BUCKET_GROUPS } from "./esi.limits.ts";
import { createFaults, type Faults } from "./faults.ts";
import { createFeed, type PublishOrder } from "./feed.ts";
import { createHistoryRoutes } from "./history.routes.ts";
import { createZkbApiRoutes } from "./zkb-api.routes.ts";
import { createImageRoutes } from "./images.routes.ts";
import { createPrivateKillmails, describePrivateKillmails, selectTemplates } from "./private.killmails.ts";
import { createR2z2Routes } from "./r2z2.routes.ts";
import { createRedisqRoutes } from "./redisq.routes.ts";
import { createReplay, type ReplayOptions } from "./replay.ts";
import { createFetchHandler } from "./server.ts";
import { createSsoApp } from "./sso.app.ts";
import { registerSsoCharacters } from "./sso.characters.ts";
import { createGrantStore } from "./sso.grants.ts";
import { createSigningKeys } from "./sso.keys.ts";
import { createStats } from "./stats.ts";
import { loadUniverse } from "./universe.ts";
import { createDefaultZkb, type ZkbFor } from "./zkb.ts";

export type EmulatorOptions = ReplayOptions & {
  seed?: number;
  order?: PublishOrder;
  /** Killmails published when `start` runs (default: none). */
  backlog?: number;
  /**
   * `emulate --now`: every record is published at the present moment instead of its own date (the backlog spread
   * over the time the live rate would have taken to publish it, at most an hour).
   */
  present?: boolean;
  zkbFor?: ZkbFor;
  redisqPackage?: RedisqPackageShape;
  /** RedisQ queueIDs that exist before the backlog is published, so they receive it (a new queue would not). */
  redisqQueues?: string[];
  timings?: Partial<EmulatorTimings>;
  faults?: Partial<Faults>;
  sequenceLag?: number;
  firstSequence?: number;
  r2z2RequestsPerSecond?: number;
  /** How many of the newest sequences R2Z2 still serves; older ones answer 404 as expired files do. Default: all. */
  r2z2RetainedSequences?: number;
  esiErrorLimit?: number;
  esiBuckets?: Partial<Record<keyof typeof BUCKET_GROUPS, BucketGroup>>;
};

export type EmulatorUrls = { url: string; r2z2: string; redisq: string; esi: string; zkbApi: string; sso: string; ekws: string; ekwsLegacy: string };

const REAL_TIMINGS: EmulatorTimings = { redisqSecondMs: 1000, redisqRedirectDelayMs: [500, 1500], esiErrorWindowMs: 60_000 };

async function createContext({ dataset, options }: { dataset: EmulatorDataset; options: EmulatorOptions }): Promise<EmulatorContext> {
  const clock = createClock();
  const now = clock.now;
  const timings = { ...REAL_TIMINGS, ...options.timings };
  const startedAt = Math.floor(now() / 1000) * 1000;
  const templates = selectTemplates({ records: await loadRealRecords({ seed: options.seed }) });
  return {
    dataset,
    feed: createFeed({ dataset, order: options.order, seed: options.seed, firstSequence: options.firstSequence, sequenceLag: options.sequenceLag, now, present: options.present }),
    universe: await loadUniverse(),
    entities: registerSsoCharacters({ entities: await indexEntities({ dataset }) }),
    zkbFor: options.zkbFor ?? createDefaultZkb,
    stats: createStats(),
    faults: createFaults({ initial: options.faults, seed: options.seed }),
    esiLimits: createEsiLimits({ errorLimit: options.esiErrorLimit, errorWindowMs: timings.esiErrorWindowMs, groups: { ...BUCKET_GROUPS, ...options.esiBuckets } as Record<string, BucketGroup>, now }),
    timings,
    redisqPackage: options.redisqPackage ?? "zkb-only",
    r2z2RequestsPerSecond: options.r2z2RequestsPerSecond ?? 20,
    r2z2RetainedSequences: options.r2z2RetainedSequences ?? Number.POSITIVE_INFINITY,
    sso: { keys: createSigningKeys(), grants: createGrantStore() },
    privateKillmails: createPrivateKillmails({ dataset, templates, startedAt }),
    startedAt,
    clock,
    now,
  };
}

const MAX_BACKLOG_SPAN_MS = 3_600_000;
const BACKLOG_SPAN_WITHOUT_RATE_MS = 600_000;
/** As long as the live rate would have taken to publish the backlog, at most an hour. */
const backlogSpanMs = ({ backlog = 0, rate = 0 }: EmulatorOptions) =>
  Math.min(MAX_BACKLOG_SPAN_MS, rate > 0 ? Math.round((backlog / rate) * 1000) : BACKLOG_SPAN_WITHOUT_RATE_MS);

export function urlsFor({ base }: { base: string }): EmulatorUrls {
  const ws = base.replace(/^http/, "ws");
  return { url: base, r2z2: base, redisq: `${base}/listen.php`, esi: base, zkbApi: `${base}/api`, sso: base, ekws: `${ws}/ws/killmails`, ekwsLegacy: `${ws}/killmails` };
}

export async function createEmulator({ dataset, options = {} }: { dataset?: EmulatorDataset; options?: EmulatorOptions } = {}) {
  const context = await createContext({ dataset: dataset ?? (await loadEmulatorDataset({ seed: options.seed })), options });
  const hub = createEkwsHub({ context });
  const apps = {
    control: createControlRoutes({ context }),
    r2z2: createR2z2Routes({ context }),
    history: createHistoryRoutes({ context }),
    "zkb-api": createZkbApiRoutes({ context }),
    everef: createEverefRoutes({ context }),
    redisq: createRedisqRoutes({ context, preregistered: options.redisqQueues }),
    esi: createEsiApp({ context }),
    sso: createSsoApp({ context }),
    images: createImageRoutes(),
  };
  const replay = createReplay({ feed: context.feed, ...options, onPublished: (count) => context.stats.countPublished(count) });

  async function start({ port = 0, hostname = "127.0.0.1" }: { port?: number; hostname?: string } = {}) {
    const server = Bun.serve({ port, hostname, fetch: createFetchHandler({ context, apps }), websocket: hub.websocket });
    if (options.backlog) publishNow({ context, count: options.backlog, spanMs: backlogSpanMs(options) });
    replay.start();
    const urls = urlsFor({ base: `http://${hostname}:${server.port}` });
    async function stop() {
      replay.stop();
      hub.closeAll();
      await server.stop(true);
    }
    return { ...urls, stop };
  }

  return {
    context,
    start,
    publish: (count = 1) => publishNow({ context, count }),
    setFaults: (patch: FaultPatch) => applyFaults({ context, patch }),
    stats: () => context.stats.snapshot(),
    /** The emulator's clock (control API: /_emulator/clock). */
    clock: context.clock,
    /** Ids, hashes, character and role of the kills only the authenticated ESI routes list. */
    privateKillmails: () => describePrivateKillmails({ privateKillmails: context.privateKillmails }),
  };
}

export type Emulator = Awaited<ReturnType<typeof createEmulator>>;
