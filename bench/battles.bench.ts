/**
 * Battles benchmark: seeds N synthetic killmails over a year (stored through the real store path) plus one
 * 1,000-kill battle across two neighbouring systems, then measures
 *   1. battle detection over all stored kills (the cron job's first, full run), in seconds, next to one plain
 *      aggregate pass over the same kills (the least any detection must read), and an incremental run after late kills;
 *   2. the 1,000-kill battle page, p50/p99 and req/s, served by `killboard serve`, next to a bare Bun.serve sending
 *      the same bytes: cached (one URL, the microcache answers) and uncached (a distinct `?right=` per request).
 * Ends with one JSON line.
 *
 *   bun bench/battles.bench.ts [--count 1000000] [--seconds 6] [--concurrency 16] [--database killboard_battles_bench] [--reseed]
 *
 * The database is kept between runs (seeding takes a while); --reseed starts over.
 */
import { parseArgs } from "node:util";
import type { Sql } from "../src/db/db.client.ts";
import { measureLoad, openKeptBenchDatabase, startServeStack, type Figures } from "./support.ts";
import { createKillmailProcessor } from "../src/killmails/killmail.usecases.ts";
import { parseKillmailInput } from "../src/killmails/killmail.schemas.ts";
import { createSyntheticKillmails } from "../src/killmails/killmail.synthetic.ts";
import { EVE_KILL_RULES } from "../src/battles/battles.models.ts";
import { castFight, storeRecords, SYSTEMS } from "../src/battles/battles.testing.ts";
import { refreshBattles } from "../src/battles/battles.usecases.ts";
import { readFixture } from "../test/e2e/seed.ts";

const { values: args } = parseArgs({ options: {
  count: { type: "string", default: "1000000" }, seconds: { type: "string", default: "6" }, concurrency: { type: "string", default: "16" },
  database: { type: "string", default: "killboard_battles_bench" }, reseed: { type: "boolean", default: false },
} });
const COUNT = Number(args.count);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const BATTLE_FIRST_ID = 190_000_000;
/** The battle: 50 minutes in each of two neighbouring systems, ten kills a minute. */
const BATTLE_START = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1, 20));

async function seed(sql: Sql) {
  const [{ count }] = (await sql<{ count: number }[]>`select count(*)::int as count from killmail_ids where killmail_id < ${BATTLE_FIRST_ID}`) as unknown as [{ count: number }];
  const base = readFixture().filter((record) => record.esi.attackers.length <= 25);
  const end = new Date();
  const synthetic = createSyntheticKillmails({ base: base as never, count: COUNT, seed: 16, startDate: new Date(end.getTime() - 365 * 86_400_000).toISOString().slice(0, 10),
    endDate: end.toISOString().slice(0, 10), firstId: 100_000_000 });
  const processor = await createKillmailProcessor({ sql });
  const started = performance.now();
  for (let from = count; from < COUNT; from += 1000) {
    const inputs = [];
    for (let index = from; index < Math.min(COUNT, from + 1000); index++) inputs.push(parseKillmailInput({ json: synthetic.killmailAt(index), source: "import", firstSeenAt: new Date() }));
    await processor.storeKillmails({ inputs });
    if ((from / 1000) % 20 === 0) console.log(`seeded ${from + 1000} / ${COUNT} (${Math.round((from + 1000 - count) / ((performance.now() - started) / 1000))} killmails/s)`);
  }
  const template = readFixture()[0]!;
  await storeRecords({ sql, records: [
    ...castFight({ template, start: BATTLE_START, system: SYSTEMS.tanoo, fromMinute: 0, minutes: 50, perMinute: 10, firstId: BATTLE_FIRST_ID }),
    ...castFight({ template, start: BATTLE_START, system: SYSTEMS.akpivem, fromMinute: 20, minutes: 50, perMinute: 10, firstId: BATTLE_FIRST_ID + 100_000 }),
  ] });
  if (count < COUNT) await sql`vacuum analyze`;
}

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
};

async function measureDetection(sql: Sql) {
  await sql`delete from battles`;
  await sql`delete from rollup_watermarks where name = 'battles'`;
  const scan = await timed(() => sql`select solar_system_id, count(*) from killmails group by 1`);
  const full = await timed(() => refreshBattles({ sql, rules: EVE_KILL_RULES }));
  // As if the full run were minutes past (its look-back margin would otherwise take in every kill just seeded): late
  // kills of the battle arrive, and the next run recomputes only around them.
  await sql`update rollup_watermarks set stored_through = now() + interval '5 minutes' where name = 'battles'`;
  await storeRecords({ sql, records: castFight({ template: readFixture()[0]!, start: BATTLE_START, system: SYSTEMS.akpivem, fromMinute: 70, minutes: 2, perMinute: 5, firstId: BATTLE_FIRST_ID + 200_000 + Date.now() % 90_000 }) });
  const incremental = await timed(() => refreshBattles({ sql, rules: EVE_KILL_RULES }));
  return { scanSeconds: scan.seconds, fullSeconds: full.seconds, full: full.value, incrementalSeconds: incremental.seconds, incremental: incremental.value };
}

async function measurePage({ url, battleId }: { url: string; battleId: number }) {
  const stack = await startServeStack({ databaseUrl: url, firstPort: 3960 });
  const load = { concurrency: CONCURRENCY, seconds: SECONDS };
  try {
    const base = stack.origin;
    const path = `/battle/${battleId}/`;
    const bytes = (await (await fetch(`${base}${path}`, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer()).byteLength;
    // A corporation nobody in the battle belongs to: the same figures, a different URL, so every request is computed.
    const uncached = Array.from({ length: 50_000 }, (_, index) => `${path}?right=corporation:${1_000_000 + index}`);
    const bareFigures = await measureLoad({ name: "bare, same bytes", base: stack.bareOrigin, paths: [`/${bytes}`], ...load });
    const cached = await measureLoad({ name: "battle page (microcache)", base, paths: [path], ...load });
    const computed = await measureLoad({ name: "battle page (uncached)", base, paths: uncached, ...load });
    return { bytes, bare: bareFigures, cached, computed };
  } finally {
    await stack.stop();
  }
}

async function main() {
  const { sql, url } = await openKeptBenchDatabase({ name: args.database!, reseed: args.reseed! });
  await seed(sql);
  const [{ total }] = (await sql<{ total: number }[]>`select count(*)::int as total from killmail_ids`) as unknown as [{ total: number }];
  const detection = await measureDetection(sql);
  const [battle] = await sql<{ battleId: number; killCount: number }[]>`select battle_id, kill_count from battles order by kill_count desc limit 1`;
  await sql.end();
  const page = await measurePage({ url, battleId: battle!.battleId });
  const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
  console.log(`\n${total} killmails; detection (full) ${round(detection.fullSeconds)} s vs one aggregate pass ${round(detection.scanSeconds)} s (${round(detection.fullSeconds / detection.scanSeconds)}×); incremental run ${round(detection.incrementalSeconds, 3)} s`);
  console.log(`largest battle ${battle!.killCount} kills; page ${page.bytes} bytes, ${CONCURRENCY} clients, ${SECONDS} s each`);
  console.log(`${"target".padEnd(30)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"× bare r/s".padStart(12)}  errors`);
  for (const row of [page.bare, page.cached, page.computed]) {
    console.log(`${row.name.padEnd(30)}${row.rps.toFixed(0).padStart(9)}${row.p50.toFixed(2).padStart(9)}${row.p99.toFixed(2).padStart(9)}${(row.rps / page.bare.rps).toFixed(3).padStart(12)}  ${row.errors}`);
  }
  const figures = (row: Figures) => ({ rps: round(row.rps), p50: round(row.p50), p99: round(row.p99), errors: row.errors, ratioToBare: round(row.rps / page.bare.rps, 4) });
  console.log(JSON.stringify({
    killmails: total, detection: { fullSeconds: round(detection.fullSeconds, 3), aggregatePassSeconds: round(detection.scanSeconds, 3), ratioToPass: round(detection.fullSeconds / detection.scanSeconds),
      battles: detection.full?.battles ?? null, incrementalSeconds: round(detection.incrementalSeconds, 3) },
    page: { battleKills: battle!.killCount, bytes: page.bytes, concurrency: CONCURRENCY, bare: figures(page.bare), cached: figures(page.cached), uncached: figures(page.computed) },
  }));
}

await main();
