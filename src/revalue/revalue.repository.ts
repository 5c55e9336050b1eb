/**
 * Reads stored kills for revaluation in (killmail_time, killmail_id) order after a cursor, and writes a chunk's
 * new values, labels and item prices together with the entity totals they feed and the cursor, in one
 * transaction: a stop between chunks leaves every kill and total consistent, and the saved cursor says where to go on.
 */
import type { Sql } from "../db/db.client.ts";
import { refreshTotalsOfKillmails } from "../stats/stats.totals.repository.ts";
import { refreshDailyOfKillmails } from "../history/history.daily.repository.ts";
import type { DerivedItem } from "../killmails/killmail.types.ts";
import { priceInputsIdOf, priceInputsTextOf, storePriceInputs } from "../killmails/price-inputs.repository.ts";
import type { ResolvedPrice } from "../prices/prices.types.ts";
import type { StoredValuation } from "./revalue.models.ts";

export type RevalueCursor = { killmailTime: Date; killmailId: number };
export type RevalueFilter = { since: Date | null; until: Date | null; typeId: number | null };
export type Revaluation = {
  killmailId: number; killmailTime: Date; labels: string[];
  values: { fitted: number; dropped: number; destroyed: number; total: number; hull: ResolvedPrice };
  /** Only the items whose unit price, source or inputs moved. */
  items: DerivedItem[];
  /** Values (the hull's price included) or labels moved: the killmails row is written. */
  killChanged: boolean;
  /** The total moved: the kill's entities and places get their totals recomputed. */
  totalChanged: boolean;
};

async function saveCursorIn(t: Sql, { runKey, cursor }: { runKey: string; cursor: RevalueCursor }) {
  await t`insert into revalue_cursors (run_key, killmail_time, killmail_id) values (${runKey}, ${cursor.killmailTime}, ${cursor.killmailId})
    on conflict (run_key) do update set killmail_time = excluded.killmail_time, killmail_id = excluded.killmail_id, updated_at = now()`;
}

export function createRevalueRepository({ sql }: { sql: Sql }) {
  async function listItems(kills: { killmailId: number; killmailTime: Date }[]) {
    // jsonb as text: the camelCase transform must not touch what the resolver wrote.
    const rows = await sql<{ killmailId: number; itemIndex: number; unitPrice: number; priceSource: string; priceInputsText: string | null }[]>`
      select i.killmail_id, i.item_index, i.unit_price, i.price_source, ${priceInputsTextOf(sql, sql`i.price_inputs_id`)} as price_inputs_text
      from unnest(${kills.map((k) => k.killmailId)}::bigint[], ${kills.map((k) => k.killmailTime.toISOString())}::timestamptz[]) as x(killmail_id, killmail_time)
      join killmail_items i using (killmail_id, killmail_time)`;
    return rows.map(({ priceInputsText, ...row }) => ({ ...row, priceInputs: priceInputsText === null ? null : JSON.parse(priceInputsText) }));
  }

  return {
    async listBatch({ after, filter, limit }: { after: RevalueCursor | null; filter: RevalueFilter; limit: number }): Promise<StoredValuation[]> {
      const kills = await sql<{
        killmailId: number; killmailTime: Date; esiText: string; labels: string[]; fitted: number; dropped: number; destroyed: number; total: number;
        hullUnitPrice: number | null; hullPriceSource: string | null; hullPriceInputsText: string | null;
      }[]>`
        select k.killmail_id, k.killmail_time, k.esi::text as esi_text, k.labels, k.fitted_value as fitted, k.dropped_value as dropped,
          k.destroyed_value as destroyed, k.total_value as total, k.hull_unit_price, k.hull_price_source, ${priceInputsTextOf(sql, sql`k.hull_price_inputs_id`)} as hull_price_inputs_text
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
      const byKill = Map.groupBy(items, (item) => Number(item.killmailId));
      return kills.map(({ fitted, dropped, destroyed, total, esiText, hullUnitPrice, hullPriceSource, hullPriceInputsText, ...kill }) => ({
        ...kill, esi: JSON.parse(esiText), killmailId: Number(kill.killmailId), values: { fitted, dropped, destroyed, total },
        hull: { unitPrice: hullUnitPrice, priceSource: hullPriceSource, priceInputs: hullPriceInputsText === null ? null : JSON.parse(hullPriceInputsText) },
        items: (byKill.get(Number(kill.killmailId)) ?? []).map(({ killmailId: _killmailId, ...item }) => item),
      }));
    },

    /**
     * One transaction for a chunk of batches: the kills whose values or labels moved, the items whose price moved,
     * the totals of the kills whose total moved (one aggregate per chunk: it costs about the same for 500 kills as
     * for 20,000, since a region or system spans most of them) and the cursor past the chunk. A stop rolls the chunk
     * back whole, so a resumed run finds those kills unchanged in the database and revalues them again.
     */
    async writeRevaluations({ revaluations, runKey, cursor }: { revaluations: Revaluation[]; runKey: string | null; cursor: RevalueCursor }) {
      const timings = { kills: 0, items: 0, totals: 0 };
      await sql.begin(async (tx) => {
        const t = tx as unknown as Sql;
        let at = performance.now();
        const lap = (stage: keyof typeof timings) => { const now = performance.now(); timings[stage] += now - at; at = now; };
        const kills = revaluations.filter((r) => r.killChanged);
        if (kills.length) {
          await storePriceInputs(t, kills.map((r) => r.values.hull.inputs));
          // unnest cannot carry text[] of varying length per row: each kill's labels travel as one JSON array.
          await t`
            update killmails k set fitted_value = x.fitted, dropped_value = x.dropped, destroyed_value = x.destroyed,
              total_value = x.total, labels = array(select json_array_elements_text(x.labels::json)),
              hull_unit_price = x.hull_unit_price, hull_price_source = x.hull_price_source,
              hull_price_inputs_id = ${priceInputsIdOf(t, t`x.hull_price_inputs::jsonb`)}
            from unnest(${kills.map((r) => r.killmailId)}::bigint[], ${kills.map((r) => r.killmailTime.toISOString())}::timestamptz[],
              ${kills.map((r) => JSON.stringify(r.labels))}::text[], ${kills.map((r) => r.values.fitted)}::float8[],
              ${kills.map((r) => r.values.dropped)}::float8[], ${kills.map((r) => r.values.destroyed)}::float8[],
              ${kills.map((r) => r.values.total)}::float8[], ${kills.map((r) => r.values.hull.unitPrice)}::float8[],
              ${kills.map((r) => r.values.hull.priceSource)}::text[], ${kills.map((r) => JSON.stringify(r.values.hull.inputs))}::text[])
              as x(killmail_id, killmail_time, labels, fitted, dropped, destroyed, total, hull_unit_price, hull_price_source, hull_price_inputs)
            where k.killmail_id = x.killmail_id and k.killmail_time = x.killmail_time`;
        }
        lap("kills");
        const items = revaluations.flatMap(({ killmailId, killmailTime, items }) => items.map((item) => ({ killmailId, killmailTime, item })));
        if (items.length) {
          await storePriceInputs(t, items.map((r) => r.item.priceInputs));
          await t`
            update killmail_items i set unit_price = x.unit_price, price_source = x.price_source,
              price_inputs_id = ${priceInputsIdOf(t, t`x.price_inputs::jsonb`)}
            from unnest(${items.map((r) => r.killmailId)}::bigint[], ${items.map((r) => r.killmailTime.toISOString())}::timestamptz[],
              ${items.map((r) => r.item.itemIndex)}::int[], ${items.map((r) => r.item.unitPrice)}::float8[],
              ${items.map((r) => r.item.priceSource)}::text[], ${items.map((r) => (r.item.priceInputs == null ? null : JSON.stringify(r.item.priceInputs)))}::text[])
              as x(killmail_id, killmail_time, item_index, unit_price, price_source, price_inputs)
            where i.killmail_id = x.killmail_id and i.killmail_time = x.killmail_time and i.item_index = x.item_index`;
        }
        lap("items");
        // Totals read only total_value of a kill (points, solo and gang size do not depend on prices).
        await refreshTotalsOfKillmails(t, { killmails: revaluations.filter((r) => r.totalChanged) });
        // The ISK of their days (and so months and years) changed with them.
        await refreshDailyOfKillmails(t, { killmails: revaluations.filter((r) => r.totalChanged) });
        lap("totals");
        if (runKey) await saveCursorIn(t, { runKey, cursor });
      });
      return timings;
    },
    async readCursor({ runKey }: { runKey: string }): Promise<RevalueCursor | null> {
      const [row] = await sql<RevalueCursor[]>`select killmail_time, killmail_id from revalue_cursors where run_key = ${runKey}`;
      return row ? { killmailTime: row.killmailTime, killmailId: Number(row.killmailId) } : null;
    },
    async deleteCursor({ runKey }: { runKey: string }) {
      await sql`delete from revalue_cursors where run_key = ${runKey}`;
    },
  };
}
