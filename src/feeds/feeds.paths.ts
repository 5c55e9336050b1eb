/**
 * Where the machine feeds (feeds/*.routes.ts) live, as path prefixes: the web app derives from this one list
 * which paths never get a trailing-slash redirect, which share the API's rate budget, and which answer errors in JSON.
 */
export const FEED_PREFIXES = ["/ephemeral/", "/listen.php", "/history/", "/feed/"] as const;

/** The feeds that stream or long-poll: their answers never end in time to be buffered whole (the microcache skips them). */
export const FEED_STREAM_PATHS = { api: "/api/v1/stream", eveKill: "/feed/stream", redisq: "/listen.php" } as const;

/** The prefixes as Hono middleware paths: a folder prefix covers everything under it. */
export const feedRoutePatterns = () => FEED_PREFIXES.map((prefix) => (prefix.endsWith("/") ? `${prefix}*` : prefix));
