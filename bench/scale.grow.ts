/**
 * bench:scale's SQL-side growth. A base of synthetic killmails is stored through the real processor once; every
 * further killmail is a copy of a base one made inside PostgreSQL (`insert ... select`), so millions cost minutes
 * instead of hours of JavaScript. Copy k of a base kill is k days older and k·base ids lower (ids keep rising with
 * time, as CCP's do), and each pool pilot, corporation and alliance is re-numbered per copy into one of a few
 * variants: pool entity i has about i/STEP variants, so the first ones recur in every copy and the last get a new
 * id in most. Activity per id then falls off as 1/rank (Zipf-like), and the number of entities grows with N.
 * The copies' ESI bodies get their new id and time; their participants stay the base kill's (the API sends the
 * same bytes either way). Every table a stored killmail writes to is filled: ids, killmails, attackers, items,
 * involvement, entity stubs and the live sequence.
 */
import type { Sql } from "../src/db/db.client.ts";

/** The synthetic generator's pools (src/killmails/killmail.synthetic.ts): start, size, and the variants' step. */
const POOLS = [
  { kind: "character", start: 2_125_000_000, size: 5000, step: 2 },
  { kind: "corporation", start: 98_900_000, size: 1000, step: 5 },
  { kind: "alliance", start: 99_900_000, size: 200, step: 20 },
] as const;

/** `bench_scale_remap(kind, id, copy)`: an entity's id in a copy; ids outside the pools (NPCs, factions) stay. */
const REMAP_FUNCTION = `
  create or replace function bench_scale_remap(kind text, id bigint, copy int) returns bigint
  language sql immutable parallel safe as $$
    select case ${POOLS.map(({ kind, start, size, step }) => `
      when kind = '${kind}' and id >= ${start} and id < ${start + size}
        then id + (copy % (1 + (id - ${start}) / ${step})) * ${size}`).join("")}
      else id end
  $$`;

type Columns = Record<string, string[]>;
const TABLES = ["killmail_ids", "killmails", "killmail_attackers", "killmail_items", "killmail_involvement"] as const;

/** The expression a copy's column takes; `c` is the copy number, `d` the id distance of one copy. */
function copyExpression(table: string, column: string): string {
  const entity = (kind: string) => `bench_scale_remap('${kind}', ${column}, c)`;
  const byColumn: Record<string, string> = {
    killmail_id: "killmail_id - c * d",
    killmail_time: "killmail_time - c * interval '1 day'",
    victim_character_id: entity("character"), final_blow_character_id: entity("character"), character_id: entity("character"),
    victim_corporation_id: entity("corporation"), final_blow_corporation_id: entity("corporation"), corporation_id: entity("corporation"),
    victim_alliance_id: entity("alliance"), final_blow_alliance_id: entity("alliance"), alliance_id: entity("alliance"),
    stored_at: "now()", first_seen_at: "now()",
    pad_hash: "pad_hash || ':' || c",
    esi: `jsonb_set(jsonb_set(esi::jsonb, '{killmail_id}', to_jsonb(killmail_id - c * d)), '{killmail_time}',
      to_jsonb(to_char((killmail_time - c * interval '1 day') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))::json`,
  };
  if (table === "killmail_involvement" && column === "entity_id") return "bench_scale_remap(entity_kind, entity_id, c)";
  return byColumn[column] ?? column;
}

async function readColumns(sql: Sql): Promise<Columns> {
  const rows = await sql<{ tableName: string; columnName: string }[]>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name = any(${[...TABLES]}) order by table_name, ordinal_position`;
  const columns: Columns = {};
  for (const row of rows) (columns[row.tableName] ??= []).push(row.columnName);
  return columns;
}

export type Base = { firstId: number; count: number };

/** The stored base: the synthetic ids start at `firstId` and are dense. */
export async function readBase(sql: Sql, firstId: number): Promise<Base> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from killmail_ids where killmail_id >= ${firstId}`;
  return { firstId, count: row!.count };
}

/** The copies of 1..`want` not stored yet: a copy is stored whole (one transaction), so its first kill stands for it. */
export async function listMissingCopies(sql: Sql, base: Base, want: number) {
  const rows = await sql<{ copy: number }[]>`select c as copy from generate_series(1, ${want}::int) c
    where not exists (select 1 from killmail_ids where killmail_id = ${base.firstId} - c * ${base.count}::bigint)`;
  return rows.map((row) => row.copy);
}

/** Every month partition the copies will land in, made before the workers start (their DDL would serialise them). */
async function createPartitions(sql: Sql, base: Base, copies: number[]) {
  await sql`select ensure_killmail_partitions(month::date) from generate_series(
    date_trunc('month', (select min(killmail_time) from killmail_ids where killmail_id >= ${base.firstId}) - ${Math.max(...copies)} * interval '1 day'),
    date_trunc('month', (select max(killmail_time) from killmail_ids where killmail_id >= ${base.firstId}) - ${Math.min(...copies)} * interval '1 day'),
    interval '1 month') as month`;
}

/** Stores copies first..last of the base in one transaction: a crash leaves each copy whole or absent. */
async function storeCopies(sql: Sql, { base, columns, first, last }: { base: Base; columns: Columns; first: number; last: number }) {
  const lowest = base.firstId - last * base.count;
  const highest = base.firstId - (first - 1) * base.count;
  await sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    for (const table of TABLES) {
      const list = columns[table]!;
      await t.unsafe(`insert into ${table} (${list.join(", ")})
        select ${list.map((column) => copyExpression(table, column)).join(", ")}
        from ${table} cross join generate_series(${first}, ${last}) as c cross join (select ${base.count}::bigint as d) as distance
        where killmail_id >= ${base.firstId}`);
    }
    // In key order, so two workers adding the same new entity wait for each other instead of deadlocking.
    await t`insert into entities (entity_kind, entity_id)
      select distinct entity_kind, entity_id from killmail_involvement
      where killmail_id < ${highest} and killmail_id >= ${lowest} and entity_kind in ('character', 'corporation', 'alliance')
      order by 1, 2 on conflict do nothing`;
    const [head] = await t<{ last: number }[]>`select last from live_sequence_head for update`;
    await t`insert into killmail_sequence (sequence, killmail_id, killmail_time, stored_at)
      select ${head!.last} + row_number() over (order by killmail_id desc), killmail_id, killmail_time, now() from killmail_ids
      where killmail_id < ${highest} and killmail_id >= ${lowest}`;
    await t`update live_sequence_head set last = last + ${highest - lowest}`;
  });
}

/** Adds `copies` of the base, `chunk` copies per transaction, on `workers` connections at once; logs the rate. */
export async function growCopies(sql: Sql, { base, copies, chunk = 4, workers = 2 }: { base: Base; copies: number[]; chunk?: number; workers?: number }) {
  if (!copies.length) return;
  await sql.unsafe(REMAP_FUNCTION);
  const columns = await readColumns(sql);
  await createPartitions(sql, base, copies);
  const chunks: number[][] = [];
  for (let index = 0; index < copies.length; index += chunk) chunks.push(copies.slice(index, index + chunk));
  const started = performance.now();
  let done = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let next = chunks.shift(); next; next = chunks.shift()) {
      // A chunk is consecutive copies only when the missing ones are; store each run of consecutive copies.
      for (const run of consecutiveRuns(next)) await storeCopies(sql, { base, columns, first: run[0]!, last: run.at(-1)! });
      done += next.length;
      console.log(`${done} of ${copies.length} copies: ${Math.round((done * base.count) / ((performance.now() - started) / 1000))} killmails/s`);
    }
  }));
}

function consecutiveRuns(copies: number[]) {
  const runs: number[][] = [];
  for (const copy of copies) {
    const run = runs.at(-1);
    if (run && run.at(-1) === copy - 1) run.push(copy);
    else runs.push([copy]);
  }
  return runs;
}

/** Forgets where the rollups left off, so their next refresh is a full fill. */
export async function clearRollupWatermarks(sql: Sql) {
  await sql`delete from rollup_watermarks`;
}
