/** Names and affiliations of players' entities, as enrichment stored them. */
import type { Sql } from "../db/db.client.ts";

export type EntityNameRow = { entityKind: string; entityId: number; name: string | null; ticker: string | null };

export function createNamesRepository({ sql }: { sql: Sql }) {
  return {
    /** One query for every character, corporation and alliance of a page. */
    async findEntityNames({ keys }: { keys: { kind: string; id: number }[] }): Promise<EntityNameRow[]> {
      if (!keys.length) return [];
      return sql<EntityNameRow[]>`
        select entity_kind, entity_id, name, ticker
        from entities
        where (entity_kind, entity_id) in (
          select * from unnest(${keys.map((key) => key.kind)}::text[], ${keys.map((key) => key.id)}::bigint[])
        )
      `;
    },

    async findEntity({ kind, id }: { kind: string; id: number }) {
      const [row] = await sql<{ name: string | null; ticker: string | null; corporationId: number | null; allianceId: number | null; securityStatus: number | null }[]>`
        select name, ticker, corporation_id, alliance_id, security_status
        from entities where entity_kind = ${kind} and entity_id = ${id}
      `;
      return row ?? null;
    },
  };
}
