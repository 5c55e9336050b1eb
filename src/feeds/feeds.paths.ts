/**
 * Where the machine feeds (feeds/*.routes.ts) live, as path prefixes: the web app derives from this one list
 * which paths never get a trailing-slash redirect, which share the API's rate budget, and which answer errors in JSON.
 */
export const FEED_PREFIXES = ["/ephemeral/", "/listen.php", "/history/", "/feed/"] as const;

/** The prefixes as Hono middleware paths: a folder prefix covers everything under it. */
export const feedRoutePatterns = () => FEED_PREFIXES.map((prefix) => (prefix.endsWith("/") ? `${prefix}*` : prefix));
