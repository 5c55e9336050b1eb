/**
 * Scale benchmark (issue 17): grows one database through each size in --counts (default 1M then 5M killmails) and,
 * at each, measures every page type's first visit (cold: a distinct target per request, so no cache answers) and
 * second visit (warm: the same paths again, answered by the microcache), one request at a time against a real
 * `killboard serve`; the uncached kill page's throughput under --concurrency clients next to a bare Bun.serve
 * sending the same bytes; and storage (once the compact cron job has packed the closed months' indexes): table and
 * index bytes per killmail and per row, next to the raw row bytes.
 * Then the growth of every page's latency from the first size to the last (the target: within 1.5×), the indexes
 * no measured page used, and one JSON line of every figure.
 *
 *   bun bench/scale.bench.ts [--counts 1000000,5000000] [--base 20000] [--targets 20] [--seconds 5] [--concurrency 8]
 *                            [--database killboard_scale] [--reseed] [--refill]
 *
 * The base (--base kills over one day, stored through the real processor) is grown inside PostgreSQL: see
 * scale.grow.ts. The database is kept between runs, so a later run at the same sizes measures without regrowing;
 * when a size grew nothing, its rollups are the ones the run that grew it filled (--refill fills them again).
 */
import { parseArgs } from "node:util";
import { compactClosedMonths } from "../src/cron/cron.maintenance.ts";
import type { Sql } from "../src/db/db.client.ts";
import { refreshHistory } from "../src/history/history.usecases.ts";
import { createKillmailProcessor } from "../src/killmails/killmail.usecases.ts";
import { parseKillmailInput } from "../src/killmails/killmail.schemas.ts";
import { createSyntheticKillmails } from "../src/killmails/killmail.synthetic.ts";
import { loadPrices } from "../src/prices/prices.usecases.ts";
import { createTopsRepository, TOPS_KEPT_FROM } from "../src/stats/stats.tops.repository.ts";
import { createTotalsRepository } from "../src/stats/stats.totals.repository.ts";
import { readFixture } from "../test/e2e/seed.ts";
import { clearRollupWatermarks, growCopies, listMissingCopies, readBase, type Base } from "./scale.grow.ts";
import { measureScaleStorage, readIndexUse, resetIndexUse, type StorageRow } from "./scale.storage.ts";
import { measureLoad, openKeptBenchDatabase, quantile, startServeStack } from "./support.ts";

const { values: args } = parseArgs({ options: {
  counts: { type: "string", default: "1000000,5000000" }, base: { type: "string", default: "20000" },
  targets: { type: "string", default: "20" }, seconds: { type: "string", default: "5" }, concurrency: { type: "string", default: "8" },
  database: { type: "string", default: "killboard_scale" }, reseed: { type: "boolean", default: false },
  refill: { type: "boolean", default: false },
} });
const COUNTS = args.counts!.split(",").map(Number);
const BASE = Number(args.base);
const TARGETS = Number(args.targets);
const FIRST_ID = 200_000_000;
if (COUNTS.some((count) => !(count >= BASE) || count % BASE !== 0)) throw new Error(`--counts must be multiples of --base (${BASE})`);

/** The base: small fights ten times as likely as the corpus's big ones (median 3 attackers, a long tail to 982). */
async function seedBase(sql: Sql) {
  if ((await readBase(sql, FIRST_ID)).count >= BASE) return;
  await loadPrices({ sql });
  const records = readFixture();
  const weighted = records.flatMap((record) => Array(record.esi.attackers.length <= 25 ? 10 : 1).fill(record));
  const today = new Date().toISOString().slice(0, 10);
  const synthetic = createSyntheticKillmails({ base: weighted as never, count: BASE, seed: 17, startDate: today, endDate: today, firstId: FIRST_ID });
  const processor = await createKillmailProcessor({ sql });
  const firstSeenAt = new Date();
  for (let from = 0; from < BASE; from += 1000) {
    const inputs = [];
    for (let index = from; index < Math.min(BASE, from + 1000); index++) {
      inputs.push(parseKillmailInput({ json: synthetic.killmailAt(index), source: "import", firstSeenAt }));
    }
    await processor.storeKillmails({ inputs });
  }
}

/** Grows to `count`, then brings the rollups the pages read up to date, as the cron jobs keep them; times each step. */
async function growTo(sql: Sql, base: Base, count: number) {
  const copies = await listMissingCopies(sql, base, count / base.count - 1);
  const steps: Record<string, number> = {};
  const step = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    steps[name] = Math.round(performance.now() - started);
  };
  await step("grow", () => growCopies(sql, { base, copies }));
  // Nothing new: the rollups are as the run that grew this size left them, its full fill and compaction included.
  if (!copies.length && !args.refill) return { steps, grownKills: 0, compacted: await readCompactions(sql) };
  await step("analyze", () => sql`analyze`.simple());
  // A full fill: the incremental refresh recomputes each touched entity, far slower for millions of new kills at once.
  await clearRollupWatermarks(sql);
  await step("totals", () => createTotalsRepository({ sql }).refreshEntityTotals());
  await step("tops", () => createTopsRepository({ sql }).refreshEntityTops());
  await step("history", () => refreshHistory({ sql }));
  // As autovacuum would have by now: the visibility map that lets index-only scans skip the heap.
  await step("vacuum", () => sql`vacuum analyze`.simple());
  // As the `compact` cron job would have by now: each closed month's indexes rebuilt once, packed.
  await step("compact", () => compactClosedMonths({ sql, now: new Date(), signal: new AbortController().signal }));
  return { steps, grownKills: copies.length * base.count, compacted: await readCompactions(sql) };
}

/** What the compact job has done to this database so far, over every run: partitions, index bytes before and after. */
async function readCompactions(sql: Sql) {
  const [row] = await sql<{ partitions: number; bytesBefore: number; bytesAfter: number }[]>`
    select count(*)::int as partitions, coalesce(sum(bytes_before), 0)::bigint as bytes_before,
      coalesce(sum(bytes_after), 0)::bigint as bytes_after from partition_compactions`;
  return row!;
}

/** Distinct targets per page type: the busiest entities and places (the expensive case), random kills. */
async function pickPaths(sql: Sql) {
  const busiest = (kind: string) => sql<{ id: number; kills: number }[]>`select entity_id as id, (kills + losses)::int as kills
    from entity_totals where entity_kind = ${kind} and entity_id > 0 order by kills + losses desc limit ${TARGETS}`;
  const kills = await sql<{ id: number }[]>`select killmail_id as id from killmail_ids order by random() limit ${TARGETS * 5}`;
  const paths = (prefix: string, rows: { id: number }[]) => rows.map((row) => `/${prefix}/${row.id}/`);
  const since = (index: number) => new Date(Date.UTC(2003, 0, 2) + index).toISOString();
  const types = ["big", "solo", "awox", "npc", "highsec", "lowsec", "nullsec", "w-space", "capitals", "structures"];
  const entities: Record<string, { id: number; kills: number }[]> = {};
  for (const kind of ["character", "corporation", "alliance", "ship", "system", "region"]) entities[kind] = await busiest(kind);
  // Most pilots looked up are not busy: lists below the kept threshold are aggregated live on the visit.
  const smallPilots = await sql<{ id: number }[]>`select entity_id as id from entity_totals where entity_kind = 'character'
    and entity_id > 0 and kills + losses between 5 and ${TOPS_KEPT_FROM.character - 1} order by random() limit ${TARGETS}`;
  return {
    // A type needs one target to warm up and one to measure (a small database may have no alliance at all).
    paths: Object.fromEntries(Object.entries({
      kill: paths("kill", kills), ...Object.fromEntries(Object.entries(entities).map(([kind, rows]) => [kind, paths(kind, rows)])),
      "small pilot": paths("character", smallPilots),
      "kill-type list": types.map((type) => `/kills/${type}/`),
      "API list (50)": Array.from({ length: TARGETS }, (_, index) => `/api/v1/killmails?limit=50&since=${since(index)}`),
    }).filter(([, list]) => list.length >= 2)) as Record<string, string[]>,
    busiestCharacterKills: entities.character![0]?.kills ?? 0,
  };
}

type Latency = { p50: number; p99: number; max: number };
const latencyOf = (values: number[]): Latency => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
};

/** One request at a time: every path once (cold), then every path again (warm). */
async function measurePages(base: string, paths: Record<string, string[]>) {
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { "Accept-Encoding": "identity" } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  const rows: { page: string; cold: Latency; warm: Latency }[] = [];
  for (const [page, list] of Object.entries(paths)) {
    const cold = [];
    for (const path of list) cold.push(await get(path));
    const warm = [];
    for (const path of list) warm.push(await get(path));
    rows.push({ page, cold: latencyOf(cold), warm: latencyOf(warm) });
  }
  return rows;
}

type Size = Awaited<ReturnType<typeof measureSize>>;

async function measureSize(sql: Sql, url: string, count: number, base: Base) {
  const growth = await growTo(sql, base, count);
  const { paths, busiestCharacterKills } = await pickPaths(sql);
  const [mix] = await sql<{ median: number; mean: number; p99: number }[]>`select
    percentile_disc(0.5) within group (order by attacker_count) as median, avg(attacker_count)::float8 as mean,
    percentile_disc(0.99) within group (order by attacker_count) as p99 from killmails`;
  const stack = await startServeStack({ databaseUrl: url });
  try {
    const { origin } = stack;
    // One unmeasured page of each type: templates compiled, universe names and prepared statements warm.
    for (const list of Object.values(paths)) await (await fetch(`${origin}${list.at(-1)}`)).arrayBuffer();
    await resetIndexUse(sql);
    const pages = await measurePages(origin, Object.fromEntries(Object.entries(paths).map(([page, list]) => [page, list.slice(0, -1)])));
    const indexUse = await readIndexUse(sql);
    const coldKills = (await sql<{ id: number }[]>`select killmail_id as id from killmail_ids order by random() limit 20000`)
      .map((row) => `/kill/${row.id}/`);
    const bytes = (await (await fetch(`${origin}${coldKills[0]}`, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer()).byteLength;
    const load = { concurrency: Number(args.concurrency), seconds: Number(args.seconds) };
    const sameBytes = await measureLoad({ name: "bare, same bytes", base: stack.bareOrigin, paths: [`/${bytes}`], ...load });
    const killLoad = await measureLoad({ name: "uncached kill pages", base: origin, paths: coldKills, ...load });
    const storage = await measureScaleStorage(sql);
    return { count, growth, mix: mix!, busiestCharacterKills, pages, indexUse, killLoad, sameBytes, killBytes: bytes, storage };
  } finally {
    await stack.stop();
  }
}

const grownRate = (size: Size) => Math.round(size.growth.grownKills / Math.max((size.growth.steps.grow ?? 0) / 1000, 0.001));
const f = (value: number, width = 9, digits = 1) => value.toFixed(digits).padStart(width);

function printSize(size: Size) {
  const { count, growth, mix, pages, killLoad, sameBytes, storage } = size;
  const seconds = Object.entries(growth.steps).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(0)} s`).join(", ");
  console.log(`\n== ${count} killmails: grown ${growth.grownKills} (${grownRate(size)} killmails/s); ${seconds}; ` +
    `attackers median ${mix.median}, mean ${mix.mean.toFixed(1)}, p99 ${mix.p99}; busiest character ${size.busiestCharacterKills} kills and losses`);
  console.log(`${"page".padEnd(16)}${"cold p50".padStart(9)}${"cold p99".padStart(9)}${"warm p50".padStart(9)}${"warm p99".padStart(9)}  (ms, one request at a time)`);
  for (const { page, cold, warm } of pages) console.log(`${page.padEnd(16)}${f(cold.p50)}${f(cold.p99)}${f(warm.p50)}${f(warm.p99)}`);
  console.log(`uncached kill pages, ${args.concurrency} clients: ${killLoad.rps.toFixed(0)} req/s, p50 ${killLoad.p50.toFixed(1)} ms, p99 ${killLoad.p99.toFixed(1)} ms; ` +
    `bare server, same ${size.killBytes} bytes: ${sameBytes.rps.toFixed(0)} req/s (${(killLoad.rps / sameBytes.rps).toFixed(2)}×)`);
  console.log(`${"table".padEnd(22)}${"rows".padStart(12)}${"rows/kill".padStart(10)}${"heap MB".padStart(9)}${"index MB".padStart(9)}${"B/row".padStart(7)}${"raw B/row".padStart(10)}${"B/kill".padStart(8)}`);
  for (const row of storage.tables) {
    console.log(`${row.table.padEnd(22)}${String(row.rows).padStart(12)}${f(row.rows / count, 10)}${f(row.heapBytes / 1e6, 9, 0)}${f(row.indexBytes / 1e6, 9, 0)}` +
      `${f(row.bytesPerRow, 7, 0)}${f(row.rawBytesPerRow, 10, 0)}${f(row.bytesPerKill, 8, 0)}`);
  }
  const { compacted } = growth;
  console.log(`compact job: ${compacted.partitions} closed-month partitions, their indexes ${(compacted.bytesBefore / 1e6).toFixed(0)} → ` +
    `${(compacted.bytesAfter / 1e6).toFixed(0)} MB (${((compacted.bytesBefore - compacted.bytesAfter) / count).toFixed(0)} bytes per killmail less)`);
  console.log(`all killmail tables: ${storage.bytesPerKill.toFixed(0)} bytes per killmail; database ${(storage.databaseBytes / 1e9).toFixed(2)} GB (${(storage.databaseBytes / count).toFixed(0)} bytes per killmail)`);
}

function printGrowth(first: Size, last: Size) {
  const ratio = (page: string, pick: (row: Size["pages"][number]) => number) =>
    pick(last.pages.find((row) => row.page === page)!) / pick(first.pages.find((row) => row.page === page)!);
  const rows = first.pages.filter(({ page }) => last.pages.some((row) => row.page === page)).map(({ page }) => ({ page, coldP50: ratio(page, (r) => r.cold.p50), coldP99: ratio(page, (r) => r.cold.p99), warmP50: ratio(page, (r) => r.warm.p50) }));
  console.log(`\n== growth ${first.count} → ${last.count} killmails (${(last.count / first.count).toFixed(0)}× the data; target: latency within 1.5×)`);
  console.log(`${"page".padEnd(16)}${"cold p50 ×".padStart(11)}${"cold p99 ×".padStart(11)}${"warm p50 ×".padStart(11)}`);
  for (const row of rows) console.log(`${row.page.padEnd(16)}${f(row.coldP50, 11, 2)}${f(row.coldP99, 11, 2)}${f(row.warmP50, 11, 2)}`);
  console.log(`uncached kill pages req/s: ${(last.killLoad.rps / first.killLoad.rps).toFixed(2)}×; bytes per killmail: ${(last.storage.bytesPerKill / first.storage.bytesPerKill).toFixed(2)}×`);
  return rows;
}

function printIndexUse(size: Size) {
  const unused = size.indexUse.filter((index) => index.scans === 0);
  console.log(`\nindexes of the killmail tables no measured page used at ${size.count} (${unused.length} of ${size.indexUse.length}):`);
  for (const index of unused) console.log(`  ${index.index.padEnd(44)}${f(index.bytes / size.count, 8, 0)} bytes per killmail`);
}

async function main() {
  const { sql, url } = await openKeptBenchDatabase({ name: args.database!, reseed: args.reseed! });
  try {
    await seedBase(sql);
    const base = await readBase(sql, FIRST_ID);
    const sizes: Size[] = [];
    for (const count of COUNTS) {
      sizes.push(await measureSize(sql, url, count, base));
      printSize(sizes.at(-1)!);
    }
    const growth = sizes.length > 1 ? printGrowth(sizes[0]!, sizes.at(-1)!) : [];
    printIndexUse(sizes.at(-1)!);
    const round = (value: number) => Math.round(value * 100) / 100;
    const roundLatency = ({ p50, p99, max }: Latency) => ({ p50: round(p50), p99: round(p99), max: round(max) });
    console.log(JSON.stringify({
      base: BASE,
      sizes: sizes.map((size) => ({
        killmails: size.count, grownKillmailsPerSecond: grownRate(size), setupMs: size.growth.steps,
        attackers: { median: size.mix.median, mean: round(size.mix.mean), p99: size.mix.p99 }, busiestCharacterKills: size.busiestCharacterKills,
        pages: size.pages.map((row) => ({ page: row.page, cold: roundLatency(row.cold), warm: roundLatency(row.warm) })),
        uncachedKillPages: { concurrency: Number(args.concurrency), rps: Math.round(size.killLoad.rps), p50: round(size.killLoad.p50), p99: round(size.killLoad.p99),
          sameBytesRps: Math.round(size.sameBytes.rps), ratioToSameBytes: round(size.killLoad.rps / size.sameBytes.rps) },
        compacted: size.growth.compacted,
        storage: { bytesPerKill: Math.round(size.storage.bytesPerKill), databaseBytes: size.storage.databaseBytes,
          tables: size.storage.tables.map((row: StorageRow) => ({ ...row, bytesPerRow: Math.round(row.bytesPerRow), rawBytesPerRow: Math.round(row.rawBytesPerRow),
            bytesPerKill: Math.round(row.bytesPerKill) })) },
        unusedIndexes: size.indexUse.filter((index) => index.scans === 0).map((index) => index.index),
      })),
      growth: growth.map((row) => ({ page: row.page, coldP50: round(row.coldP50), coldP99: round(row.coldP99), warmP50: round(row.warmP50) })),
    }));
  } finally {
    await sql.end();
  }
}

await main();
