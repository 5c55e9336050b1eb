/** Reads entities that need names/affiliations and writes what ESI returned (table `entities`, 00002). */
import type { Sql } from "../db/db.client.ts";
import type { PlayerKind } from "../vocabulary/entity-kinds.ts";

export type EntityRef = { entityKind: PlayerKind; entityId: number };
export type ResolvedEntity = EntityRef & {
  name: string | null;
  ticker?: string | null;
  corporationId?: number | null;
  allianceId?: number | null;
  factionId?: number | null;
};
/** A row as stored after a write: what the search index mirrors. */
export type NamedEntity = EntityRef & { name: string | null; ticker: string | null };

export function createEnrichmentRepository({ sql }: { sql: Sql }) {
  return {
    /** Never enriched first (updated_at null), then the stalest; emulated rows are the emulator's, not ours. */
    async listStaleEntities({ staleBefore, limit }: { staleBefore: Date; limit: number }) {
      return sql<EntityRef[]>`
        select entity_kind, entity_id from entities
        where (updated_at is null or updated_at < ${staleBefore}) and not emulated
        order by updated_at nulls first, entity_id
        limit ${limit}
      `;
    },

    async countUnenriched() {
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from entities where updated_at is null`;
      return row?.count ?? 0;
    },

    /**
     * Upserts resolved entities; `updated_at` is set even when ESI knew nothing, so they are not retried at once.
     * Returns the stored names and tickers: a ticker comes from the details pass, so it is kept, not cleared.
     */
    async saveEntities({ entities }: { entities: ResolvedEntity[] }): Promise<NamedEntity[]> {
      if (!entities.length) return [];
      const rows = entities.map((e) => ({
        entity_kind: e.entityKind, entity_id: e.entityId, name: e.name, ticker: e.ticker ?? null,
        corporation_id: e.corporationId ?? null, alliance_id: e.allianceId ?? null, faction_id: e.factionId ?? null,
      }));
      return sql<NamedEntity[]>`
        insert into entities (entity_kind, entity_id, name, ticker, corporation_id, alliance_id, faction_id, updated_at)
        select x.entity_kind, x.entity_id, x.name, x.ticker, x.corporation_id, x.alliance_id, x.faction_id, now()
        from json_to_recordset(${JSON.stringify(rows)}::text::json) as x(entity_kind text, entity_id bigint, name text,
          ticker text, corporation_id bigint, alliance_id bigint, faction_id bigint)
        on conflict (entity_kind, entity_id) do update set
          name = coalesce(excluded.name, entities.name),
          ticker = coalesce(excluded.ticker, entities.ticker),
          corporation_id = coalesce(excluded.corporation_id, entities.corporation_id),
          -- A pilot's affiliation answer is the truth (null: no alliance); a corporation's alliance is its details'.
          alliance_id = case when excluded.entity_kind = 'character' and excluded.corporation_id is not null
                             then excluded.alliance_id else entities.alliance_id end,
          faction_id = case when excluded.entity_kind = 'character' and excluded.corporation_id is not null
                            then excluded.faction_id else entities.faction_id end,
          updated_at = now()
        returning entity_kind, entity_id, name, ticker
      `;
    },
  };
}

export type EnrichmentRepository = ReturnType<typeof createEnrichmentRepository>;
