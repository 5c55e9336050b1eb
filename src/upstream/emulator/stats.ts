/** Counters tests assert on ("0 ESI calls"): requests per upstream and route, statuses, socket frames. */

export type EmulatorStats = {
  requests: number;
  byUpstream: Record<string, number>;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** `"r2z2 429"`: statuses per upstream, so a feed's 429s are not mixed with ESI's. */
  byUpstreamStatus: Record<string, number>;
  esiCalls: number;
  websocket: { connections: number; framesSent: number };
  published: number;
};

/** `GET /killmails/123/abc…` → `GET /killmails/:id/:hash`, so counters group by route, not by id. */
export function routeKey({ method, path }: { method: string; path: string }) {
  const shaped = path
    .replace(/\/[0-9a-fA-F]{40}(?=\/|$)/g, "/:hash")
    .replace(/^\/history\/(raw\/)?\d{8}\.json$/, "/history/$1:date.json")
    .replace(/\/\d+(?=\/|\.json|$)/g, "/:id");
  return `${method} ${shaped}`;
}

export function createStats() {
  let stats = emptyStats();

  function emptyStats(): EmulatorStats {
    return { requests: 0, byUpstream: {}, byRoute: {}, byStatus: {}, byUpstreamStatus: {}, esiCalls: 0, websocket: { connections: 0, framesSent: 0 }, published: 0 };
  }

  function countRequest({ upstream, method, path, status }: { upstream: string; method: string; path: string; status: number }) {
    const key = routeKey({ method, path });
    stats.requests++;
    stats.byUpstream[upstream] = (stats.byUpstream[upstream] ?? 0) + 1;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
    stats.byStatus[String(status)] = (stats.byStatus[String(status)] ?? 0) + 1;
    stats.byUpstreamStatus[`${upstream} ${status}`] = (stats.byUpstreamStatus[`${upstream} ${status}`] ?? 0) + 1;
    if (upstream === "esi") stats.esiCalls++;
  }

  return {
    countRequest,
    countConnection: () => void stats.websocket.connections++,
    countFrames: (count: number) => void (stats.websocket.framesSent += count),
    countPublished: (count: number) => void (stats.published += count),
    snapshot: (): EmulatorStats => structuredClone(stats),
    reset: () => void (stats = emptyStats()),
  };
}

export type Stats = ReturnType<typeof createStats>;
