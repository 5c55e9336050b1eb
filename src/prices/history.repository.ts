/** One type's stored daily history, oldest first, for its price page and `/api/prices/{typeID}/`. */
import type { Sql } from "../db/db.client.ts";
import type { HistorySource } from "./prices.types.ts";

export type StoredHistoryDay = {
  day: string; average: number; highest: number | null; lowest: number | null; volume: number | null; orderCount: number | null; source: HistorySource;
};

export function createHistoryRepository({ sql }: { sql: Sql }) {
  return {
    listTypeHistory: ({ typeId, regionId }: { typeId: number; regionId: number }) => sql<StoredHistoryDay[]>`
      select to_char(day, 'YYYY-MM-DD') as day, average, highest, lowest, volume::float8 as volume, order_count::float8 as order_count, source
      from price_history where type_id = ${typeId} and region_id = ${regionId} order by day`,
  };
}
