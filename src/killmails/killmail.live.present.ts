/**
 * What a list page tells live.js (pure): its filter in the words of `/api/v1/killmails`' query (what `/ws/v1`
 * subscribes with), the sequence number to resume after, where the socket is, and how to ask for one row.
 */
import type { LivePageSettings } from "../present/present.deps.ts";
import type { KillmailFilter } from "./killmail.queries.ts";

type PageFilter = Omit<KillmailFilter, "limit" | "cursor">;

/** Filter fields `/ws/v1` speaks under the same name as the list filter. */
const SAME_NAME = ["minValue", "maxValue", "solarSystemId", "constellationId", "regionId", "shipGroupId"] as const;
const SPOKEN = new Set<string>(["entity", "labels", ...SAME_NAME]);

/** The subscription filter of a list, or null when the list filters on something a subscription cannot say. */
export function toLiveQuery({ filter }: { filter: PageFilter }) {
  const present = Object.entries(filter).filter(([, value]) => value !== undefined);
  if (present.some(([key]) => !SPOKEN.has(key))) return null;
  const query: Record<string, unknown> = {};
  if (filter.entity) Object.assign(query, { entityKind: filter.entity.kind, entityId: filter.entity.id, role: filter.entity.role });
  if (filter.labels?.length) query.label = [...filter.labels];
  for (const key of SAME_NAME) if (filter[key] !== undefined) query[key] = filter[key];
  return query;
}

/**
 * The list's live attributes, or null when it is not live: older pages (a cursor) stay still, since new kills
 * belong at the top of the first page only. `loss` is the entity whose losses the rows mark ("character:123").
 */
export function presentLiveList({ settings, filter, head, loss }: {
  settings: Pick<LivePageSettings, "socketUrl" | "socketPort">; filter: PageFilter; head: number; loss?: string;
}) {
  const query = toLiveQuery({ filter });
  if (!query) return null;
  return { filter: JSON.stringify(query), after: head, url: settings.socketUrl ?? "", port: settings.socketPort, rows: "/partials/killmail-row/", loss: loss ?? "" };
}
export type LiveList = NonNullable<ReturnType<typeof presentLiveList>>;
