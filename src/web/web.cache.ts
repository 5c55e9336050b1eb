/**
 * A short in-process cache of whole GET responses with one loader per key: a burst of requests for the same
 * busy page costs one render. Fresh lifetimes stay within the page's own max-age (capped at 10 s); after that,
 * within the page's stale-while-revalidate window, the old copy is served at once while one background
 * request renders the new one, so no visitor waits on a slow aggregate. Entries carry their ETag (304s).
 */
import type { Context, MiddlewareHandler } from "hono";

type Entry<Tag> = {
  body: Uint8Array<ArrayBuffer>; compressible: boolean;
  /** Made on the first request that accepts gzip, then kept with the entry. */
  gzipped: Uint8Array<ArrayBuffer> | null;
  /** With its ETag and Vary set; each response copies it (copying a Headers is ~6× cheaper than building one from pairs). */
  status: number; headers: Headers; etag: string; freshUntil: number; staleUntil: number;
  /** What the app noted about the request that filled it (`tagOf`), for hits answered outside Hono; none without `tagOf`. */
  tag: Tag | undefined;
};
type HeaderReader = { header: (name: string) => string | undefined };

export const MICROCACHE_MAX_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;
/** Whole zKillboard-style API pages can weigh ~1 MB; the oldest entries go first past this budget. */
const MAX_BYTES = 256 * 1024 * 1024;
const PER_REQUEST = new Set(["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "set-cookie"]);
/** Background refreshes carry this header with a per-process secret, so clients cannot bypass the cache. */
const REFRESH_HEADER = "x-microcache-refresh";

function lifetimes(cacheControl: string | null) {
  if (!cacheControl || /no-store|private/.test(cacheControl)) return { freshMs: 0, staleMs: 0 };
  const seconds = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(cacheControl)?.[1] ?? 0) * 1000;
  return { freshMs: Math.min(seconds("max-age"), MICROCACHE_MAX_TTL_MS), staleMs: seconds("stale-while-revalidate") };
}

/**
 * Compressed once, for the first client that accepts gzip, so every later hit is a smaller transfer at no CPU cost
 * (API pages shrink ~10×). Not before: compressing a 180 KB API list took more CPU than building it, spent for
 * nobody on a first visit that does not accept gzip (bench:web's clients) or that no one repeats.
 */
const GZIP_MIN_BYTES = 1024;
const compressible = (headers: Headers) => /json|html|text|javascript|svg/.test(headers.get("content-type") ?? "");

/** The response for `entry`; `onGzipped` is told when it compressed the entry's body. */
function respond(entry: Entry<unknown>, request: HeaderReader, onGzipped?: () => void) {
  const headers = new Headers(entry.headers);
  if (request.header("if-none-match") === entry.etag) return new Response(null, { status: 304, headers });
  if (entry.compressible && /\bgzip\b/.test(request.header("accept-encoding") ?? "")) {
    if (!entry.gzipped) {
      entry.gzipped = new Uint8Array(Bun.gzipSync(entry.body));
      onGzipped?.();
    }
    headers.set("Content-Encoding", "gzip");
    return new Response(entry.gzipped, { status: entry.status, headers });
  }
  return new Response(entry.body, { status: entry.status, headers });
}

/**
 * `middleware` fills and answers from the cache inside Hono; `hit` answers a raw Request from it, or says it cannot
 * (a miss, a refresh, not a GET), for a caller that skips Hono's routing on hits (web.lane.ts).
 */
export function createMicrocache<Tag = undefined>({ now = () => Date.now(), refetch, skip = () => false, tagOf }: {
  now?: () => number;
  /** Paths passed on untouched: nothing is buffered, kept or given an ETag. */
  skip?: (path: string) => boolean;
  /** Runs a request through the whole app (for background refreshes); without it stale entries are just misses. */
  refetch?: (request: Request) => Promise<Response>;
  /** Noted with an entry when it is filled, after the request ran through the app. */
  tagOf?: (c: Context) => Tag;
} = {}): {
  middleware: MiddlewareHandler; hit: (args: { request: Request }) => { tag: Tag | undefined; respond: () => Response } | undefined;
  /** True for the cache's own background refreshes (a per-process secret header), which no client can send. */
  isRefresh: (args: { request: Request }) => boolean;
} {
  const entries = new Map<string, Entry<Tag>>();
  let bytes = 0;
  const sizeOf = (entry: Entry<Tag>) => entry.body.length + (entry.gzipped?.length ?? 0);
  const store = (key: string, entry: Entry<Tag>) => {
    const previous = entries.get(key);
    if (previous) bytes -= sizeOf(previous);
    entries.delete(key);
    entries.set(key, entry);
    bytes += sizeOf(entry);
    for (const [oldKey, oldEntry] of entries) {
      if (bytes <= MAX_BYTES && entries.size <= MAX_ENTRIES) break;
      entries.delete(oldKey);
      bytes -= sizeOf(oldEntry);
    }
  };
  // A cached entry's size grows by its compressed copy; one no longer (or never) cached is not counted.
  const answer = (key: string, entry: Entry<Tag>, request: HeaderReader) => respond(entry, request, () => {
    if (entries.get(key) === entry) bytes += entry.gzipped!.length;
  });
  const loading = new Map<string, Promise<Entry<Tag> | null>>();
  const secret = crypto.randomUUID();
  const isRefresh = ({ request }: { request: Request }) => request.headers.get(REFRESH_HEADER) === secret;
  const refreshInBackground = (key: string) => {
    if (!refetch || loading.has(key)) return;
    refetch(new Request(key, { headers: { [REFRESH_HEADER]: secret } })).catch(() => {});
  };
  /** The entry `key` may be answered with now: a fresh one, or a stale one (`stale`: answer it and render it again). */
  const servable = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.freshUntil > now()) return { entry, stale: false };
    if (!refetch || entry.staleUntil <= now()) return undefined;
    return { entry, stale: true };
  };
  /** The refresh starts only once the hit is answered: a client refused before that (rate limit) renders nothing. */
  const answerServable = (key: string, { entry, stale }: { entry: Entry<Tag>; stale: boolean }, request: HeaderReader) => {
    if (stale) refreshInBackground(key);
    return answer(key, entry, request);
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "GET" || skip(c.req.path)) return next();
    const key = c.req.url;
    const refreshing = isRefresh({ request: c.req.raw });
    const hit = refreshing ? undefined : servable(key);
    if (hit) return answerServable(key, hit, c.req);
    const pending = loading.get(key);
    if (pending && !refreshing) {
      const entry = await pending;
      if (entry) return answer(key, entry, c.req);
    }
    let settle!: (entry: Entry<Tag> | null) => void;
    loading.set(key, new Promise((resolve) => (settle = resolve)));
    try {
      await next();
      const { freshMs, staleMs } = c.res.status === 200 ? lifetimes(c.res.headers.get("cache-control")) : { freshMs: 0, staleMs: 0 };
      // Bytes, not text: a hit then costs no re-encoding, which matters for large API pages.
      const body = new Uint8Array(await c.res.arrayBuffer());
      const headers = new Headers([...c.res.headers].filter(([name]) => !PER_REQUEST.has(name.toLowerCase())));
      const etag = `W/"${Bun.hash(body).toString(36)}"`;
      headers.set("ETag", etag);
      headers.append("Vary", "Accept-Encoding");
      const time = now();
      const entry: Entry<Tag> = { body, compressible: freshMs > 0 && body.length >= GZIP_MIN_BYTES && compressible(headers), gzipped: null,
        status: c.res.status, headers, etag, freshUntil: time + freshMs, staleUntil: time + freshMs + staleMs, tag: tagOf?.(c) };
      if (freshMs > 0) store(key, entry);
      settle(freshMs > 0 ? entry : null);
      c.res = answer(key, entry, c.req);
    } catch (error) {
      settle(null);
      throw error;
    } finally {
      loading.delete(key);
    }
  };
  return {
    middleware,
    isRefresh,
    hit({ request }) {
      if (request.method !== "GET" || isRefresh({ request })) return undefined;
      const found = servable(request.url);
      const header = (name: string) => request.headers.get(name) ?? undefined;
      return found && { tag: found.entry.tag, respond: () => answerServable(request.url, found, { header }) };
    },
  };
}
