/** Names, affiliations and details of players' entities, as enrichment stored them. */
import type { Sql } from "../db/db.client.ts";

export type EntityNameRow = { entityKind: string; entityId: number; name: string | null; ticker: string | null };
export type EntityRow = {
  name: string | null; ticker: string | null; corporationId: number | null; allianceId: number | null;
  /** A character's, as ESI recorded it on its latest kill as an attacker (victims carry none), and that kill's time. */
  securityStatus: number | null; securityStatusAt: Date | null;
  memberCount: number | null; ceoId: number | null; executorCorporationId: number | null; dateFounded: Date | null; detailsUpdatedAt: Date | null;
};

/** The columns of one entity row `e`, a character's latest security status and an alliance's summed member count. */
const entityColumns = (sql: Sql) => sql`
  e.entity_kind, e.entity_id, e.name, e.ticker, e.corporation_id, e.alliance_id, e.ceo_id, e.executor_corporation_id,
  e.date_founded, e.details_updated_at, s.security_status, s.killmail_time as security_status_at,
  case when e.entity_kind = 'alliance' and e.details_updated_at is not null
    then (select sum(c.member_count)::int from entities c where c.entity_kind = 'corporation' and c.alliance_id = e.entity_id)
    else e.member_count end as member_count`;

// One probe of the involvement index and one kill's attackers: no request to ESI per pilot.
const securityStatus = (sql: Sql) => sql`
  left join lateral (
    select a.security_status, a.killmail_time from (
      select i.killmail_id, i.killmail_time from killmail_involvement i
      where e.entity_kind = 'character' and i.entity_kind = 'character' and i.entity_id = e.entity_id and not i.is_victim
      order by i.killmail_time desc, i.killmail_id desc limit 1) last
    join killmail_attackers a on a.killmail_id = last.killmail_id and a.killmail_time = last.killmail_time and a.character_id = e.entity_id
    limit 1) s on true`;

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

    /**
     * One entity with its details (migration 00011), and the names of itself, its corporation and alliance, CEO
     * and executor, in one statement: an entity page's header is one round trip. Keyed by two scalars (not the
     * arrays of findEntities), so PostgreSQL keeps one generic plan instead of planning the lateral join per visit.
     * ESI gives no member count for an alliance: like zKillboard, it is the sum over the alliance's corporations
     * the board knows.
     */
    async findEntity({ kind, id }: { kind: string; id: number }): Promise<(EntityRow & { relatedNames: EntityNameRow[] }) | null> {
      const [row] = await sql<(EntityRow & { relatedNames: EntityNameRow[] })[]>`
        select ${entityColumns(sql)},
          (select coalesce(json_agg(json_build_object('entityKind', n.entity_kind, 'entityId', n.entity_id, 'name', n.name, 'ticker', n.ticker)), '[]')
           from entities n where (n.entity_kind, n.entity_id) in ((e.entity_kind, e.entity_id), ('corporation', e.corporation_id),
             ('alliance', e.alliance_id), ('character', e.ceo_id), ('corporation', e.executor_corporation_id))) as related_names
        from entities e ${securityStatus(sql)}
        where e.entity_kind = ${kind} and e.entity_id = ${id}`;
      return row ?? null;
    },

    /** findEntity for many at once (GraphQL's entity loader), without the names; an unknown entity has no row. */
    async findEntities({ keys }: { keys: { kind: string; id: number }[] }): Promise<(EntityRow & { entityKind: string; entityId: number })[]> {
      if (!keys.length) return [];
      return sql<(EntityRow & { entityKind: string; entityId: number })[]>`
        select ${entityColumns(sql)}
        from entities e ${securityStatus(sql)}
        where (e.entity_kind, e.entity_id) in (
          select * from unnest(${keys.map((key) => key.kind)}::text[], ${keys.map((key) => key.id)}::bigint[])
        )
      `;
    },
  };
}
