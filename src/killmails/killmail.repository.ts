/**
 * Storing is exactly-once: the insert into `killmail_ids` (primary key) decides, inside the same transaction
 * as every other row, which killmails are new. A duplicate delivery therefore stores nothing and is not an
 * error, and a crash mid-batch leaves nothing half-written.
 */
import type { Sql } from "../db/db.client.ts";
import type { DerivedKillmail } from "./killmail.types.ts";
import { listKillmailMonths, toChildRows, toEntityStubs, toKillmailRow } from "./killmail.rows.ts";
import { priceInputsTexts, storePriceInputTexts } from "./price-inputs.repository.ts";
import { COPY_FROM_ROWS, copyRows } from "../db/db.copy.ts";
import { LRUCache } from "lru-cache";
import { monthOf, PARTITIONED_TABLES, partitionOf } from "./killmail.partitions.ts";

/**
 * Facts a repository remembers once committed, so most live stores send them no more: price inputs' ids (~200
 * bytes of text each; a few days of a live feed's distinct inputs, or the dates a backfill batch spans) and the
 * parties that have an entities row (a few weeks of a busy feed's pilots, corporations and alliances).
 */
export const KNOWN_INPUTS_MAX = 50_000;
export const KNOWN_ENTITIES_MAX = 200_000;

/** Creates the month's partitions; true when they did not exist before (the function creates the four together). */
async function createMonthPartitions(t: Sql, month: string) {
  const [row] = await t<{ missing: boolean }[]>`select to_regclass(${partitionOf("killmail_involvement", month)}) is null as missing`;
  await t`select ensure_killmail_partitions(${month}::date)`;
  return Boolean(row?.missing);
}

/**
 * `onLatePartition` hears of a month of this month or later whose partitions the store path had to create: the
 * cron `partitions` job creates them ahead, so this means it is not running (and each kill there paid for DDL).
 */
export function createKillmailRepository({ sql, onLatePartition }: { sql: Sql; onLatePartition?: (args: { month: string }) => void }) {
  const knownMonths = new Set<string>();
  // Ids of committed price inputs, and parties with a committed entities row. Neither table's rows are ever deleted
  // (nor a price_inputs row changed), so what is remembered stays true.
  // lru-cache, not a Map that drops its first key when full: under JavaScriptCore each such drop scanned the keys
  // dropped before it, 1.3 s of a 20,000-killmail bulk store (154,000 inputs into 50,000) against 0.13 s.
  const knownInputs = new LRUCache<string, number>({ max: KNOWN_INPUTS_MAX });
  const knownEntities = new LRUCache<string, true>({ max: KNOWN_ENTITIES_MAX });

  // Partitions are created inside the storing transaction, so a month is only known once that commits:
  // a rolled-back batch must not leave its month cached without its tables.
  async function ensurePartitions(tx: Sql, months: string[]) {
    const created = months.filter((month) => !knownMonths.has(month));
    const current = monthOf(new Date());
    for (const month of created) {
      // Only a month the cron job should have made ahead is worth the look-up; a backfilled old month is not late.
      if (month < current) await tx`select ensure_killmail_partitions(${month}::date)`;
      else if (await createMonthPartitions(tx, month)) onLatePartition?.({ month });
    }
    return created;
  }

  /**
   * Many rows go in by COPY, which takes a half to a third of the time json_populate_recordset does (bench:import);
   * a few (a live kill's) by one INSERT, since COPY costs a second round trip. No conflicts can arise either way:
   * killmail_ids, claimed first in the same transaction, admits each killmail once.
   */
  async function insertRows(tx: Sql, table: string, rows: Record<string, unknown>[]) {
    if (rows.length >= COPY_FROM_ROWS) return copyRows(tx, table, rows);
    if (!rows.length) return;
    await tx`insert into ${tx(table)} select * from json_populate_recordset(null::${tx(table)}, ${JSON.stringify(rows)}::text::json)`;
  }

  /**
   * Rows whose `field` holds price inputs: stored in price_inputs, the row gets their id in `idColumn`. The ids are
   * looked up once per distinct inputs and set here (a look-up by jsonb per row cost the bulk store half its speed);
   * `batch` gathers them, those the transaction stored before included, for the caller to remember once it commits.
   */
  async function insertPricedRows(tx: Sql, table: string, rows: Record<string, unknown>[], { field, idColumn, batch }: {
    field: string; idColumn: string; batch: Map<string, number>;
  }) {
    if (!rows.length) return;
    const texts = priceInputsTexts(rows.map((row) => row[field]));
    const ids = await storePriceInputTexts(tx, texts, { get: (text) => batch.get(text) ?? knownInputs.get(text) });
    for (const [text, id] of ids) batch.set(text, id);
    const idOf = (text: string | null) => {
      if (text === null) return null;
      const id = ids.get(text);
      if (id === undefined) throw new Error(`price inputs were not stored: ${text.slice(0, 200)}`);
      return id;
    };
    await insertRows(tx, table, rows.map(({ [field]: _inputs, ...row }, index) => ({ ...row, [idColumn]: idOf(texts[index]!) })));
  }

  return {
    /** Stores the new killmails of the batch in one transaction; returns which ids were new and which seen. */
    async storeKillmails({ killmails }: { killmails: DerivedKillmail[] }) {
      if (!killmails.length) return { storedIds: [] as number[], duplicateIds: [] as number[], sequences: new Map<number, number>() };
      let createdMonths: string[] = [];
      const usedInputs = new Map<string, number>();
      let addedStubs: ReturnType<typeof toEntityStubs> = [];
      const result = await sql.begin(async (tx) => {
        const t = tx as unknown as Sql;
        createdMonths = await ensurePartitions(t, listKillmailMonths({ killmails }));
        const claimed = await t<{ killmailId: number }[]>`
          insert into killmail_ids (killmail_id, killmail_time)
          select * from unnest(${killmails.map((k) => k.killmailId)}::bigint[], ${killmails.map((k) => k.killmailTime.toISOString())}::timestamptz[])
          on conflict (killmail_id) do nothing
          returning killmail_id
        `;
        const fresh = new Set(claimed.map((row) => row.killmailId));
        const stored = dedupeById(killmails).filter((killmail) => fresh.has(killmail.killmailId));
        const children = stored.map((killmail) => toChildRows({ killmail }));
        // now() is the transaction's start: one stored_at for the batch, on the database's clock.
        const [clock] = await t<{ storedAt: Date }[]>`select now() as stored_at`;
        const storedAt = clock!.storedAt;
        await insertPricedRows(t, "killmails", stored.map((killmail) => toKillmailRow({ killmail, storedAt })),
          { field: "hull_price_inputs", idColumn: "hull_price_inputs_id", batch: usedInputs });
        await insertRows(t, "killmail_attackers", children.flatMap((child) => child.attackers));
        await insertPricedRows(t, "killmail_items", children.flatMap((child) => child.items),
          { field: "price_inputs", idColumn: "price_inputs_id", batch: usedInputs });
        await insertRows(t, "killmail_involvement", children.flatMap((child) => child.involvement));
        const stubs = toEntityStubs({ killmails: stored }).filter((stub) => !knownEntities.has(`${stub.entity_kind}:${stub.entity_id}`));
        addedStubs = stubs;
        if (stubs.length) {
          await t`
            insert into entities (entity_kind, entity_id)
            select * from json_to_recordset(${JSON.stringify(stubs)}::text::json) as x(entity_kind text, entity_id bigint)
            on conflict do nothing
          `;
        }
        const storedIds = stored.map((killmail) => killmail.killmailId);
        // Everything that was not stored was a duplicate: seen before, or a second copy within this batch.
        const unclaimed = new Set(storedIds);
        const duplicateIds = killmails.map((k) => k.killmailId).filter((id) => !unclaimed.delete(id));
        // Last, so the head's row lock (which orders every storer) is held for as short a time as possible.
        const sequences = await assignSequences(t, { stored, storedAt, duplicateIds });
        return { storedIds, duplicateIds, sequences };
      });
      for (const month of createdMonths) knownMonths.add(month);
      // Only now: what a rolled-back transaction added was never committed.
      for (const [text, id] of usedInputs) knownInputs.set(text, id);
      for (const stub of addedStubs) knownEntities.set(`${stub.entity_kind}:${stub.entity_id}`, true);
      return result;
    },

    /** Stored kills sharing a padding key with the batch, for zKillboard's padding rule. */
    async listPaddingCandidates({ padHashes }: { padHashes: string[] }) {
      if (!padHashes.length) return [];
      return sql<{ killmailId: number; padHash: string }[]>`
        select killmail_id, pad_hash from killmails where pad_hash = any(${padHashes}::text[])
      `;
    },

    /** Creates the partitions of `months` (YYYY-MM-01) that do not exist yet; returns those it created. */
    async ensureMonthPartitions({ months }: { months: string[] }) {
      const created: string[] = [];
      for (const month of months) {
        if (await createMonthPartitions(sql, month)) created.push(month);
        knownMonths.add(month);
      }
      return { created };
    },

    /** VACUUM (ANALYZE) the partitions of one month (YYYY-MM-01): the hot ones, refreshed statistics for the planner. */
    async vacuumMonth({ month }: { month: string }) {
      for (const table of PARTITIONED_TABLES) {
        // VACUUM cannot run inside a transaction block, so it goes over the simple protocol.
        await sql`vacuum (analyze) ${sql(partitionOf(table, month))}`.simple();
      }
    },

    /**
     * zKillboard's padding rule applied again over kills since `since`, now that all of a key's kills are known:
     * kills arrive in any order, so one stored before its five look-alikes was not labelled padding then. Such a
     * kill gains `padding` and loses `pvp`; returns the ids it changed.
     */
    async markPadding({ since, minOthers }: { since: Date; minOthers: number }) {
      const rows = await sql<{ killmailId: number }[]>`
        update killmails k set labels = array_append(array_remove(k.labels, 'pvp'), 'padding')
        from (
          select pad_hash from killmails where killmail_time >= ${since} and pad_hash is not null
          group by pad_hash having count(*) > ${minOthers}
        ) p
        where k.pad_hash = p.pad_hash and k.killmail_time >= ${since} and not ('padding' = any(k.labels))
        returning k.killmail_id`;
      return rows.map((row) => Number(row.killmailId));
    },

    async findExistingIds({ killmailIds }: { killmailIds: number[] }) {
      if (!killmailIds.length) return new Set<number>();
      const rows = await sql<{ killmailId: number }[]>`
        select killmail_id from killmail_ids where killmail_id = any(${killmailIds}::bigint[])
      `;
      return new Set(rows.map((row) => row.killmailId));
    },
  };
}

/**
 * Numbers the stored killmails from the live sequence head (migration 00012), in batch order, and looks up the
 * numbers the duplicates were given when they were stored, so a re-published event carries its own.
 */
async function assignSequences(t: Sql, { stored, storedAt, duplicateIds }: { stored: DerivedKillmail[]; storedAt: Date; duplicateIds: number[] }) {
  // Before the head's update: its row lock serialises every storer, so nothing else waits inside it. A second copy
  // within this batch is not found here; it takes the number its first copy is given below.
  const seen = duplicateIds.length ? await t<{ sequence: number; killmailId: number }[]>`
    select sequence, killmail_id from killmail_sequence where killmail_id = any(${duplicateIds}::bigint[])
  ` : [];
  const rows = stored.length ? await t<{ sequence: number; killmailId: number }[]>`
    with head as (update live_sequence_head set last = last + ${stored.length} returning last)
    insert into killmail_sequence (sequence, killmail_id, killmail_time, stored_at)
    select (select last from head) - ${stored.length} + x.ord, x.id, x.time, ${storedAt}
    from unnest(${stored.map((k) => k.killmailId)}::bigint[], ${stored.map((k) => k.killmailTime.toISOString())}::timestamptz[])
      with ordinality as x(id, time, ord)
    returning sequence, killmail_id
  ` : [];
  return new Map([...seen, ...rows].map((row) => [row.killmailId, row.sequence]));
}

/** The same id twice in one batch: the first occurrence wins, like a second delivery would. */
function dedupeById(killmails: DerivedKillmail[]) {
  const seen = new Set<number>();
  return killmails.filter((killmail) => !seen.has(killmail.killmailId) && seen.add(killmail.killmailId));
}
