/** The ESI routes the killboard uses, typed. Shapes from shared/data/esi/openapi.json (UPSTREAMS c.4). */
import { createEsiMarketEndpoints } from "./esi.markets.ts";
import type { EsiAnswer, EsiRequest } from "./esi.transport.ts";

export type UniverseName = { category: string; id: number; name: string };
export type Affiliation = { character_id: number; corporation_id: number; alliance_id?: number; faction_id?: number };
export type CorporationDetail = {
  name: string; ticker: string; alliance_id?: number; faction_id?: number; enlisted_faction_id?: number;
  member_count?: number; ceo_id?: number; creator_id?: number; date_founded?: string;
};
export type AllianceDetail = {
  name: string; ticker: string; faction_id?: number; executor_corporation_id?: number; creator_id?: number; date_founded?: string;
};

/** `/characters/{id}/killmails/recent/` and the corporation's: 90 days of id and hash, newest first. */
export type RecentKillmail = { killmail_id: number; killmail_hash: string };
export type RecentKillmails = { status: 200 | 304; killmails: RecentKillmail[]; etag: string | null; expiresAt: number | null };
export type KillmailOwner = { kind: "character" | "corporation"; id: number };
/** ESI pages these lists by 1000: 90 days of the busiest corporation fit well within this. */
const RECENT_MAX_PAGES = 50;

export function createEsiEndpoints({ request }: { request: <T>(request: EsiRequest) => Promise<EsiAnswer<T>> }) {
  return {
    ...createEsiMarketEndpoints({ request }),
    /** The body is immutable, so it is not cached in Redis: Postgres keeps it once stored. */
    async getKillmail({ killmailId, hash, signal }: { killmailId: number; hash: string; signal?: AbortSignal }) {
      return (await request<unknown>({ path: `/killmails/${killmailId}/${hash}/`, signal })).data;
    },
    /**
     * Authenticated: the owner's token, its scope (read_killmails or read_corporation_killmails); a 304 when `etag`
     * (page 1's) still holds. A busy corporation's 90 days span pages (X-Pages): all are read.
     */
    async getRecentKillmails({ owner, accessToken, etag, signal }: { owner: KillmailOwner; accessToken: string; etag?: string | null; signal?: AbortSignal }): Promise<RecentKillmails> {
      const path = `/${owner.kind === "character" ? "characters" : "corporations"}/${owner.id}/killmails/recent/`;
      const answer = await request<RecentKillmail[]>({ path, accessToken, etag: etag ?? undefined, signal });
      const expires = answer.headers?.get("expires");
      const killmails = answer.status === 304 ? [] : [...(answer.data ?? [])];
      const pages = Math.min(Number(answer.headers?.get("x-pages") ?? 1) || 1, RECENT_MAX_PAGES);
      for (let page = 2; answer.status !== 304 && page <= pages; page++) {
        killmails.push(...((await request<RecentKillmail[]>({ path: `${path}?page=${page}`, accessToken, signal })).data ?? []));
      }
      return {
        status: answer.status === 304 ? 304 : 200, killmails,
        etag: answer.headers?.get("etag") ?? etag ?? null, expiresAt: expires ? Date.parse(expires) || null : null,
      };
    },
    async postUniverseNames({ ids, signal }: { ids: number[]; signal?: AbortSignal }) {
      return (await request<UniverseName[]>({ method: "POST", path: "/universe/names/", body: ids, signal })).data;
    },
    async postAffiliation({ characterIds, signal }: { characterIds: number[]; signal?: AbortSignal }) {
      return (await request<Affiliation[]>({ method: "POST", path: "/characters/affiliation/", body: characterIds, signal })).data;
    },
    async getCorporation({ corporationId, signal }: { corporationId: number; signal?: AbortSignal }) {
      return (await request<CorporationDetail>({ path: `/corporations/${corporationId}/`, cache: true, signal })).data;
    },
    async getAlliance({ allianceId, signal }: { allianceId: number; signal?: AbortSignal }) {
      return (await request<AllianceDetail>({ path: `/alliances/${allianceId}/`, cache: true, signal })).data;
    },
  };
}
