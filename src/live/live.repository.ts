/**
 * The live sequence's read side. Because the sequence head's row lock orders every storer (migration 00012),
 * the numbers a reader sees are always a prefix: "after n" never skips one that commits later.
 */
import type { Sql } from "../db/db.client.ts";
import { zkbFromRow } from "../killmails/killmail.zkb.ts";
import type { PartyKind } from "../vocabulary/entity-kinds.ts";
import type { LiveRecord } from "./live.types.ts";

type RecordRow = {
  sequence: number; storedAt: Date; killmailId: number; killmailTime: Date; hash: string | null; solarSystemId: number;
  constellationId: number | null; regionId: number | null; victimShipTypeId: number; victimShipGroupId: number | null;
  locationId: number | null; fittedValue: number; droppedValue: number; destroyedValue: number; totalValue: number;
  points: number; npc: boolean; solo: boolean; awox: boolean; labels: string[]; attackerCount: number; esiText: string;
  involvementText: string;
};

function toRecord(row: RecordRow): LiveRecord {
  const involvement = (JSON.parse(row.involvementText) as [PartyKind, number, boolean, boolean][])
    .map(([kind, id, victim, finalBlow]) => ({ kind, id: Number(id), victim, finalBlow }));
  return {
    sequence: row.sequence, killmailId: row.killmailId, hash: row.hash, killmailTime: row.killmailTime.toISOString(),
    storedAt: row.storedAt.toISOString(), esiText: row.esiText, zkb: zkbFromRow(row), solarSystemId: row.solarSystemId,
    constellationId: row.constellationId, regionId: row.regionId, victimShipTypeId: row.victimShipTypeId,
    victimShipGroupId: row.victimShipGroupId, involvement,
  };
}

export function createLiveRepository({ sql }: { sql: Sql }) {
  const selectRecords = (where: ReturnType<Sql>, limit: number) => sql<RecordRow[]>`
    select s.sequence, s.stored_at, k.killmail_id, k.killmail_time, k.hash, k.solar_system_id, k.constellation_id,
      k.region_id, k.victim_ship_type_id, k.victim_ship_group_id, k.location_id, k.fitted_value, k.dropped_value,
      k.destroyed_value, k.total_value, k.points, k.npc, k.solo, k.awox, k.labels, k.attacker_count, k.esi::text as esi_text,
      (select coalesce(json_agg(json_build_array(i.entity_kind, i.entity_id, i.is_victim, i.is_final_blow)), '[]')::text
        from killmail_involvement i where i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time) as involvement_text
    from killmail_sequence s
    join killmails k on k.killmail_id = s.killmail_id and k.killmail_time = s.killmail_time
    where ${where}
    order by s.sequence
    limit ${limit}`;

  return {
    /** Records numbered after `after`, oldest first, at most `limit`. */
    async readRecordsAfter({ after, limit }: { after: number; limit: number }) {
      return (await selectRecords(sql`s.sequence > ${after}`, limit)).map(toRecord);
    },

    async readRecord({ sequence }: { sequence: number }) {
      const [row] = await selectRecords(sql`s.sequence = ${sequence}`, 1);
      return row ? toRecord(row) : null;
    },

    /** The numbers of many killmails in one statement; a killmail stored before none is absent. */
    findSequences: ({ killmailIds }: { killmailIds: number[] }) => sql<{ killmailId: number; sequence: number }[]>`
      select killmail_id, sequence from killmail_sequence where killmail_id = any(${killmailIds}::bigint[])`,

    /** The last number given out (0 before the first killmail). */
    async readHead() {
      const [row] = await sql<{ last: number }[]>`select last from live_sequence_head`;
      return row?.last ?? 0;
    },

    /**
     * The first number stored at or after `since`: older ones are past the retained window. Null when none is.
     * stored_at is each transaction's start, so it orders the numbers to within one batch: close enough for a
     * retention edge, and one index probe instead of a scan of the window.
     */
    async readFirstSince({ since }: { since: Date }) {
      const [row] = await sql<{ sequence: number }[]>`
        select sequence from killmail_sequence where stored_at >= ${since} order by stored_at, sequence limit 1`;
      return row?.sequence ?? null;
    },
  };
}
export type LiveRepository = ReturnType<typeof createLiveRepository>;
