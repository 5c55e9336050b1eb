/**
 * Reads stored kills for revaluation in (killmail_time, killmail_id) order after a cursor, and writes a batch's
 * new values, labels and item prices together with the entity totals they feed, in one transaction: a stop
 * between batches leaves every kill and total consistent, and the saved cursor says where to go on.
 */
import type { Sql } from "../db/db.client.ts";
import { refreshTotalsOfKillmails } from "../stats/stats.totals.repository.ts";
import type { DerivedItem } from "../killmails/killmail.types.ts";
import type { StoredValuation } from "./revalue.models.ts";

export type RevalueCursor = { killmailTime: Date; killmailId: number };
export type RevalueFilter = { since: Date | null; until: Date | null; typeId: number | null };
export type Revaluation = {
  killmailId: number; killmailTime: Date; labels: string[];
  values: { fitted: number; dropped: number; destroyed: number; total: number };
  items: DerivedItem[];
};

export function createRevalueRepository({ sql }: { sql: Sql }) {
  async function listItems(kills: { killmailId: number; killmailTime: Date }[]) {
    // jsonb as text: the camelCase transform must not touch what the resolver wrote.
    const rows = await sql<{ killmailId: number; itemIndex: number; unitPrice: number; priceSource: string; priceInputsText: string | null }[]>`
      select i.killmail_id, i.item_index, i.unit_price, i.price_source, i.price_inputs::text as price_inputs_text
      from unnest(${kills.map((k) => k.killmailId)}::bigint[], ${kills.map((k) => k.killmailTime.toISOString())}::timestamptz[]) as x(killmail_id, killmail_time)
      join killmail_items i using (killmail_id, killmail_time)`;
    return rows.map(({ priceInputsText, ...row }) => ({ ...row, priceInputs: priceInputsText === null ? null : JSON.parse(priceInputsText) }));
  }

  return {
    async listBatch({ after, filter, limit }: { after: RevalueCursor | null; filter: RevalueFilter; limit: number }): Promise<StoredValuation[]> {
      const kills = await sql<{ killmailId: number; killmailTime: Date; esiText: string; labels: string[]; fitted: number; dropped: number; destroyed: number; total: number }[]>`
        select k.killmail_id, k.killmail_time, k.esi::text as esi_text, k.labels, k.fitted_value as fitted, k.dropped_value as dropped,
          k.destroyed_value as destroyed, k.total_value as total
        from killmails k
        where true
          ${after ? sql`and (k.killmail_time, k.killmail_id) > (${after.killmailTime}, ${after.killmailId})` : sql``}
          ${filter.since ? sql`and k.killmail_time >= ${filter.since}` : sql``}
          ${filter.until ? sql`and k.killmail_time < ${filter.until}` : sql``}
          ${filter.typeId ? sql`and (k.victim_ship_type_id = ${filter.typeId} or exists (select 1 from killmail_items i
            where i.killmail_id = k.killmail_id and i.killmail_time = k.killmail_time and i.type_id = ${filter.typeId}))` : sql``}
        order by k.killmail_time, k.killmail_id
        limit ${limit}`;
      if (!kills.length) return [];
      const items = await listItems(kills);
      const byKill = new Map<number, StoredValuation["items"]>();
      for (const { killmailId, ...item } of items) byKill.set(Number(killmailId), [...(byKill.get(Number(killmailId)) ?? []), item]);
      return kills.map(({ fitted, dropped, destroyed, total, esiText, ...kill }) => ({
        ...kill, esi: JSON.parse(esiText), killmailId: Number(kill.killmailId), values: { fitted, dropped, destroyed, total }, items: byKill.get(Number(kill.killmailId)) ?? [],
      }));
    },

    async writeRevaluations({ revaluations }: { revaluations: Revaluation[] }) {
      if (!revaluations.length) return;
      await sql.begin(async (tx) => {
        const t = tx as unknown as Sql;
        const kills = revaluations.map(({ killmailId, killmailTime, labels, values }) => ({ killmailId, killmailTime: killmailTime.toISOString(), labels, ...values }));
        await t`
          update killmails k set fitted_value = x.fitted, dropped_value = x.dropped, destroyed_value = x.destroyed,
            total_value = x.total, labels = x.labels
          from json_to_recordset(${JSON.stringify(kills)}::text::json) as x("killmailId" bigint, "killmailTime" timestamptz,
            labels text[], fitted float8, dropped float8, destroyed float8, total float8)
          where k.killmail_id = x."killmailId" and k.killmail_time = x."killmailTime"`;
        const items = revaluations.flatMap(({ killmailId, killmailTime, items }) => items.map((item) => ({
          killmailId, killmailTime: killmailTime.toISOString(), itemIndex: item.itemIndex, unitPrice: item.unitPrice, priceSource: item.priceSource, priceInputs: item.priceInputs,
        })));
        if (items.length) {
          await t`
            update killmail_items i set unit_price = x."unitPrice", price_source = x."priceSource", price_inputs = x."priceInputs"
            from json_to_recordset(${JSON.stringify(items)}::text::json) as x("killmailId" bigint, "killmailTime" timestamptz,
              "itemIndex" int, "unitPrice" float8, "priceSource" text, "priceInputs" jsonb)
            where i.killmail_id = x."killmailId" and i.killmail_time = x."killmailTime" and i.item_index = x."itemIndex"`;
        }
        await refreshTotalsOfKillmails(t, { killmails: revaluations });
      });
    },

    async readCursor({ runKey }: { runKey: string }): Promise<RevalueCursor | null> {
      const [row] = await sql<RevalueCursor[]>`select killmail_time, killmail_id from revalue_cursors where run_key = ${runKey}`;
      return row ? { killmailTime: row.killmailTime, killmailId: Number(row.killmailId) } : null;
    },
    async saveCursor({ runKey, cursor }: { runKey: string; cursor: RevalueCursor }) {
      await sql`insert into revalue_cursors (run_key, killmail_time, killmail_id) values (${runKey}, ${cursor.killmailTime}, ${cursor.killmailId})
        on conflict (run_key) do update set killmail_time = excluded.killmail_time, killmail_id = excluded.killmail_id, updated_at = now()`;
    },
    async deleteCursor({ runKey }: { runKey: string }) {
      await sql`delete from revalue_cursors where run_key = ${runKey}`;
    },
  };
}
