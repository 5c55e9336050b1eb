/** Reads the corporations and alliances whose details are due and writes what ESI answered (migration 00011). */
import type { Sql } from "../db/db.client.ts";
import { RULES_THRESHOLDS } from "../killmails/rules.ts";
import type { EntityDetails } from "./enrichment.details.models.ts";
import type { EntityRef, NamedEntity } from "./enrichment.repository.ts";

const refColumns = (refs: EntityRef[]): [string[], number[]] => [refs.map((ref) => ref.entityKind), refs.map((ref) => ref.entityId)];

export function createEntityDetailsRepository({ sql }: { sql: Sql }) {
  return {
    /** Never fetched first, then the oldest; NPC corporations are the SDE's and emulated rows the emulator's. */
    async listDetailsDue({ dueBefore, limit }: { dueBefore: Date; limit: number }) {
      return sql<EntityRef[]>`
        select entity_kind, entity_id from entities
        where entity_kind in ('corporation', 'alliance')
          and (details_updated_at is null or details_updated_at < ${dueBefore})
          and not emulated
          and (entity_kind = 'alliance' or entity_id > ${RULES_THRESHOLDS.npcCorporationMaxId})
        order by details_updated_at nulls first, entity_id
        limit ${limit}
      `;
    },

    /** Writes the details and returns the rows' names and tickers, for the search index. */
    async saveDetails({ details }: { details: EntityDetails[] }): Promise<NamedEntity[]> {
      if (!details.length) return [];
      const rows = details.map((d) => ({
        entity_kind: d.entityKind, entity_id: d.entityId, name: d.name, ticker: d.ticker, alliance_id: d.allianceId,
        faction_id: d.factionId, member_count: d.memberCount, ceo_id: d.ceoId, creator_id: d.creatorId,
        executor_corporation_id: d.executorCorporationId, date_founded: d.dateFounded,
      }));
      return sql<NamedEntity[]>`
        update entities e set
          name = coalesce(x.name, e.name),
          ticker = coalesce(x.ticker, e.ticker),
          alliance_id = case when e.entity_kind = 'corporation' then x.alliance_id else e.alliance_id end,
          faction_id = x.faction_id, member_count = x.member_count, ceo_id = x.ceo_id, creator_id = x.creator_id,
          executor_corporation_id = x.executor_corporation_id, date_founded = x.date_founded,
          details_updated_at = now()
        from json_to_recordset(${JSON.stringify(rows)}::text::json) as x(entity_kind text, entity_id bigint, name text,
          ticker text, alliance_id bigint, faction_id bigint, member_count integer, ceo_id bigint, creator_id bigint,
          executor_corporation_id bigint, date_founded timestamptz)
        where e.entity_kind = x.entity_kind and e.entity_id = x.entity_id
        returning e.entity_kind, e.entity_id, e.name, e.ticker
      `;
    },

    /** ESI does not know them (404): nothing to write, and not asked again before the next refresh is due. */
    async markDetailsChecked({ refs }: { refs: EntityRef[] }) {
      if (!refs.length) return;
      const [kinds, ids] = refColumns(refs);
      await sql`
        update entities set details_updated_at = now()
        where (entity_kind, entity_id) in (select * from unnest(${kinds}::text[], ${ids}::bigint[]))
      `;
    },

    /** Rows for entities first met as someone's CEO or executor; the names pass names them. */
    async addEntityStubs({ refs }: { refs: EntityRef[] }) {
      if (!refs.length) return;
      const [kinds, ids] = refColumns(refs);
      await sql`
        insert into entities (entity_kind, entity_id)
        select * from unnest(${kinds}::text[], ${ids}::bigint[])
        on conflict do nothing
      `;
    },
  };
}

export type EntityDetailsRepository = ReturnType<typeof createEntityDetailsRepository>;
