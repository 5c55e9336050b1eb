import type { Sql } from "../db/db.client.ts";
import type { PriceRow } from "./prices.types.ts";

const CHUNK_ROWS = 5_000;
// Market history further than this from every kill of a batch is never the closest price, so it is not loaded.
const HISTORY_WINDOW_DAYS = 120;

export function createPricesRepository({ sql }: { sql: Sql }) {
  return {
    async upsertPrices({ rows }: { rows: PriceRow[] }) {
      await sql.begin(async (tx) => {
        for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
          const chunk = rows.slice(start, start + CHUNK_ROWS);
          await tx`
            insert into prices (type_id, price_date, source, price)
            select * from json_to_recordset(${JSON.stringify(chunk)}::text::json)
              as x("typeId" integer, "priceDate" date, source text, price double precision)
            on conflict (type_id, source, price_date) do update set price = excluded.price
          `;
        }
      });
    },

    async countPrices() {
      const rows = await sql<{ source: string; count: number }[]>`
        select source, count(*)::int as count from prices group by source order by source
      `;
      return Object.fromEntries(rows.map((row) => [row.source, row.count]));
    },

    /** Price rows of these types that can matter for kills between `from` and `to` (YYYY-MM-DD). */
    async listPriceRows({ typeIds, from, to }: { typeIds: number[]; from: string; to: string }): Promise<PriceRow[]> {
      if (!typeIds.length) return [];
      return sql<PriceRow[]>`
        select type_id, to_char(price_date, 'YYYY-MM-DD') as price_date, source, price
        from prices
        where type_id = any(${typeIds}::int[])
          and (source <> 'market_history'
            or price_date between ${from}::date - ${HISTORY_WINDOW_DAYS}::int and ${to}::date + ${HISTORY_WINDOW_DAYS}::int)
      `;
    },
  };
}
