/** PostgreSQL search: prefix matches (trigram GIN indexes on lower(name) serve LIKE), then trigram similarity. */
import type { Sql } from "../db/db.client.ts";
import type { SearchKind } from "./search.models.ts";

type Row = { kind: SearchKind; id: number; name: string; ticker: string | null };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function createSearchRepository({ sql }: { sql: Sql }) {
  return {
    async findByPrefix({ term, limit }: { term: string; limit: number }): Promise<Row[]> {
      const lower = term.toLowerCase();
      const prefix = `${escapeLike(lower)}%`;
      return sql<Row[]>`
        (select entity_kind as kind, entity_id as id, name, ticker from entities
          where name is not null and (lower(name) like ${prefix} or lower(ticker) = ${lower}) limit ${limit})
        union all (select case when category_id = 6 then 'ship' else 'item' end, type_id, name, null from types
          where published and lower(name) like ${prefix} limit ${limit})
        union all (select 'system', solar_system_id, name, null from solar_systems where lower(name) like ${prefix} limit ${limit})
        union all (select 'constellation', constellation_id, name, null from constellations where lower(name) like ${prefix} limit ${limit})
        union all (select 'region', region_id, name, null from regions where lower(name) like ${prefix} limit ${limit})`;
    },

    /** Everything searchable that comes from the SDE or enrichment, for a full (re)index of an external engine. */
    listSearchDocuments: () => sql<Row[]>`
      select case when category_id = 6 then 'ship' else 'item' end as kind, type_id as id, name, null as ticker from types where published
      union all select 'system', solar_system_id, name, null from solar_systems
      union all select 'constellation', constellation_id, name, null from constellations
      union all select 'region', region_id, name, null from regions
      union all select entity_kind, entity_id, name, ticker from entities where name is not null`,

    /** Typo tolerance: trigram similarity (pg_trgm `%`, default threshold 0.3). */
    async findSimilar({ term, limit }: { term: string; limit: number }): Promise<Row[]> {
      const lower = term.toLowerCase();
      return sql<Row[]>`
        select kind, id, name, ticker from (
          (select entity_kind as kind, entity_id as id, name, ticker, similarity(lower(name), ${lower}) as s from entities
            where name is not null and lower(name) % ${lower} order by s desc limit ${limit})
          union all (select case when category_id = 6 then 'ship' else 'item' end, type_id, name, null, similarity(lower(name), ${lower})
            from types where published and lower(name) % ${lower} order by 5 desc limit ${limit})
          union all (select 'system', solar_system_id, name, null, similarity(lower(name), ${lower}) from solar_systems
            where lower(name) % ${lower} order by 5 desc limit ${limit})
          union all (select 'region', region_id, name, null, similarity(lower(name), ${lower}) from regions
            where lower(name) % ${lower} order by 5 desc limit ${limit})
        ) x order by s desc limit ${limit}`;
    },
  };
}
