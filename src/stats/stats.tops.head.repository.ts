/**
 * entity_tops_head (migration 00030): the first TOPS_HEAD_SIZE rows of every all-time top list, ranked, kept by the
 * entity_tops refresh in its transaction. Ordering a busy scope's whole list on each visit read every row of it
 * (93,692 opponents for the busiest ship at 3,000,000 killmails: 58 ms).
 */
import type { Sql } from "../db/db.client.ts";

/** Rows each list keeps in entity_tops_head: a page shows 5. */
export const TOPS_HEAD_SIZE = 10;

/** Where the refresh's upserts into entity_tops return each row's new count, for refreshHeads. */
export const createTouchedTops = (t: Sql) =>
  t`create temporary table touched_tops (entity_kind text, entity_id bigint, list smallint, key_id bigint, count integer) on commit drop`;

/**
 * The heads of the lists the refresh added to, from the head they had and the rows it added to (their new counts,
 * in `touched_tops`): counts only grow, so a row outside both stays behind every row of the old head.
 */
export async function refreshHeads(t: Sql) {
  await t`analyze touched_tops`;
  await t`create temporary table touched_lists on commit drop as select distinct entity_kind, entity_id, list from touched_tops`;
  await t`create temporary table new_heads on commit drop as
    select entity_kind, entity_id, list, key_id, count,
      row_number() over (partition by entity_kind, entity_id, list order by count desc, key_id) as rank
    from (select entity_kind, entity_id, list, key_id, max(count) as count from (
      select h.entity_kind, h.entity_id, h.list, h.key_id, h.count from entity_tops_head h join touched_lists using (entity_kind, entity_id, list)
      union all select entity_kind, entity_id, list, key_id, count from touched_tops) candidates group by 1, 2, 3, 4) merged`;
  await t`delete from entity_tops_head h using touched_lists x
    where h.entity_kind = x.entity_kind and h.entity_id = x.entity_id and h.list = x.list`;
  await t`insert into entity_tops_head (entity_kind, entity_id, list, rank, key_id, count)
    select entity_kind, entity_id, list, rank, key_id, count from new_heads where rank <= ${TOPS_HEAD_SIZE}`;
}
