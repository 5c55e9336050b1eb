/**
 * The price store (migration 00013). History of one (type, region, day) keeps its best source: a real capture
 * (esi, everef) is never replaced by bundled data, and nothing real by emulated history; a re-import of the same
 * rank refreshes the row. Batch look-ups are one query each, whatever the number of types.
 */
import type { Sql } from "../db/db.client.ts";
import { MARKET_VALUES_MAX } from "./market.models.ts";
import type { HistoryDay, HistorySource, PriceOverride, PriceSnapshot } from "./prices.types.ts";

const CHUNK_ROWS = 5_000;

export type HistoryRow = {
  typeId: number; regionId: number; day: string; average: number;
  highest?: number | null; lowest?: number | null; volume?: number | null; orderCount?: number | null; source: HistorySource;
};
export type SnapshotRow = { typeId: number; day: string; averagePrice: number | null; adjustedPrice: number | null; source: "esi" | "bundled" | "emulated" };


async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<number>) {
  let written = 0;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) written += await write(rows.slice(start, start + CHUNK_ROWS));
  return written;
}

export function createPricesRepository({ sql }: { sql: Sql }) {
  return {
    /** Upserts history rows; returns how many were inserted or changed. */
    async upsertHistory({ rows }: { rows: HistoryRow[] }) {
      return inChunks(rows, async (chunk) => (await sql`
        insert into price_history as h (type_id, region_id, day, average, highest, lowest, volume, order_count, source)
        select * from json_to_recordset(${JSON.stringify(chunk)}::text::json) as x("typeId" int, "regionId" int, day date,
          average float8, highest float8, lowest float8, volume bigint, "orderCount" bigint, source text)
        on conflict (type_id, region_id, day) do update set average = excluded.average, highest = excluded.highest,
          lowest = excluded.lowest, volume = excluded.volume, order_count = excluded.order_count, source = excluded.source, fetched_at = now()
        where (case excluded.source when 'emulated' then 0 when 'bundled' then 1 else 2 end)
            >= (case h.source when 'emulated' then 0 when 'bundled' then 1 else 2 end)
          and (h.average, h.highest, h.lowest, h.volume, h.order_count, h.source)
            is distinct from (excluded.average, excluded.highest, excluded.lowest, excluded.volume, excluded.order_count, excluded.source)
      `).count);
    },

    async upsertSnapshots({ rows }: { rows: SnapshotRow[] }) {
      return inChunks(rows, async (chunk) => (await sql`
        insert into price_snapshots as s (type_id, day, average_price, adjusted_price, source)
        select * from json_to_recordset(${JSON.stringify(chunk)}::text::json)
          as x("typeId" int, day date, "averagePrice" float8, "adjustedPrice" float8, source text)
        on conflict (type_id, day) do update set average_price = excluded.average_price, adjusted_price = excluded.adjusted_price,
          source = excluded.source, fetched_at = now()
        where (s.average_price, s.adjusted_price, s.source) is distinct from (excluded.average_price, excluded.adjusted_price, excluded.source)
      `).count);
    },

    async insertOverride({ typeId, fromDay, toDay, price, note }: { typeId: number; fromDay: string | null; toDay: string | null; price: number; note: string | null }) {
      const [row] = await sql<{ overrideId: number }[]>`
        insert into price_overrides (type_id, from_day, to_day, price, note) values (${typeId}, ${fromDay}, ${toDay}, ${price}, ${note})
        returning override_id`;
      return { overrideId: Number(row!.overrideId) };
    },

    async countHistory() {
      const rows = await sql<{ source: string; count: number }[]>`select source, count(*)::int as count from price_history group by source order by source`;
      return Object.fromEntries(rows.map((row) => [row.source, row.count]));
    },

    /**
     * History of `typeIds` in `regionId` a batch of kills with price days in [from, to] can read: the days in the
     * range and the MARKET_VALUES_MAX days with an average before it (the rule walks back that far at most).
     */
    async listHistory({ typeIds, regionId, from, to }: { typeIds: number[]; regionId: number; from: string; to: string }) {
      if (!typeIds.length) return [];
      return sql<(HistoryDay & { typeId: number })[]>`
        select t.type_id, to_char(h.day, 'YYYY-MM-DD') as day, h.average, h.source
        from unnest(${typeIds}::int[]) as t(type_id)
        cross join lateral (
          (select day, average, source from price_history
            where type_id = t.type_id and region_id = ${regionId} and day between ${from}::date and ${to}::date)
          union all
          (select day, average, source from price_history
            where type_id = t.type_id and region_id = ${regionId} and day < ${from}::date order by day desc limit ${MARKET_VALUES_MAX})
        ) h
        order by t.type_id, h.day`;
    },

    /** Snapshots a batch can read: those in [from, to], the last before and the first after. */
    async listSnapshots({ typeIds, from, to }: { typeIds: number[]; from: string; to: string }) {
      if (!typeIds.length) return [];
      return sql<(PriceSnapshot & { typeId: number })[]>`
        select t.type_id, to_char(s.day, 'YYYY-MM-DD') as day, s.average_price, s.adjusted_price
        from unnest(${typeIds}::int[]) as t(type_id)
        cross join lateral (
          (select day, average_price, adjusted_price from price_snapshots where type_id = t.type_id and day between ${from}::date and ${to}::date)
          union all
          (select day, average_price, adjusted_price from price_snapshots where type_id = t.type_id and day < ${from}::date order by day desc limit 1)
          union all
          (select day, average_price, adjusted_price from price_snapshots where type_id = t.type_id and day > ${to}::date order by day limit 1)
        ) s
        order by t.type_id, s.day`;
    },

    async listOverrides({ typeIds }: { typeIds: number[] }) {
      if (!typeIds.length) return [];
      return sql<(PriceOverride & { typeId: number })[]>`
        select override_id::int, type_id, to_char(from_day, 'YYYY-MM-DD') as from_day, to_char(to_day, 'YYYY-MM-DD') as to_day,
          price, set_at::text as set_at
        from price_overrides where type_id = any(${typeIds}::int[]) order by set_at desc, override_id desc`;
    },

    /**
     * Every type stored killmails carry (victim hulls and items), of the kills from `since` on when given: on
     * killmail_time, so only those months' partitions are read; without it every stored item is.
     */
    async listSeenTypeIds({ since }: { since: Date | null }) {
      const recent = since ? sql`where killmail_time >= ${since}` : sql``;
      const rows = await sql<{ typeId: number }[]>`
        select victim_ship_type_id as type_id from killmails ${recent} union select type_id from killmail_items ${recent}`;
      return rows.map((row) => row.typeId);
    },

    async listFetchedToday({ regionId, day }: { regionId: number; day: string }) {
      const rows = await sql<{ typeId: number }[]>`
        select type_id from price_fetches where region_id = ${regionId} and fetched_on = ${day}::date`;
      return new Set(rows.map((row) => row.typeId));
    },

    /** Whether `/markets/prices/` was stored for `day` already (bundled captures do not count). */
    async hasFetchedSnapshotsOn({ day }: { day: string }) {
      const [row] = await sql`select 1 from price_snapshots where day = ${day}::date and source <> 'bundled' limit 1`;
      return Boolean(row);
    },

    /** `prices fetch esi --types all`: every type the static data lists on the market. */
    async listMarketTypeIds() {
      const rows = await sql<{ typeId: number }[]>`select type_id from types where published and market_group_id is not null order by type_id`;
      return rows.map((row) => row.typeId);
    },

    /** EVE Ref day files imported completely for `regionId`, as YYYY-MM-DD days. */
    async listImportedEverefDays({ regionId }: { regionId: number }) {
      const rows = await sql<{ day: string }[]>`select to_char(day, 'YYYY-MM-DD') as day from everef_imports where region_id = ${regionId}`;
      return new Set(rows.map((row) => row.day));
    },

    async markEverefDayImported({ regionId, day, rows, importedAt }: { regionId: number; day: string; rows: number; importedAt: Date }) {
      await sql`insert into everef_imports (region_id, day, rows, imported_at) values (${regionId}, ${day}::date, ${rows}, ${importedAt})
        on conflict (region_id, day) do update set rows = excluded.rows, imported_at = excluded.imported_at`;
    },

    async markFetched({ regionId, typeId, day, rows }: { regionId: number; typeId: number; day: string; rows: number }) {
      await sql`insert into price_fetches (region_id, type_id, fetched_on, rows) values (${regionId}, ${typeId}, ${day}::date, ${rows})
        on conflict (region_id, type_id) do update set fetched_on = excluded.fetched_on, rows = excluded.rows`;
    },
  };
}
