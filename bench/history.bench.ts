#!/usr/bin/env bun
/**
 * Time-bucketed statistics (src/history/), each figure against a baseline measured in the same run:
 *   - the rollup's incremental entity_daily refresh (days, months and years of the touched pairs) after a batch of B
 *     kills stored through the import path, a tenth of them late kills for old days, vs the entity_totals refresh
 *     of the same batch (the rollup it runs beside);
 *   - the first, full fill of entity_daily, entity_monthly and entity_yearly vs the first fill of entity_totals;
 *   - zKillboard's all-time `months` of the busiest alliance read from entity_monthly vs aggregated live.
 *   bun run bench:history [--kills 50000] [--batch 1000] [--days 90] [--reads 30]
 */
import { importKillmails } from "../src/killmails/killmail.import.ts";
import { createSyntheticKillmails } from "../src/killmails/killmail.synthetic.ts";
import { refreshHistory } from "../src/history/history.usecases.ts";
import { createStatsRepository } from "../src/stats/stats.repository.ts";
import { createTotalsRepository } from "../src/stats/stats.totals.repository.ts";
import { daysFrom, storeSyntheticKills } from "./prices.support.ts";
import { argValue, createBenchDatabase, readRealKillmails } from "./support.ts";

const killCount = argValue("kills", 50_000);
const batchSize = argValue("batch", 1_000);
const dayCount = argValue("days", 90);
const reads = argValue("reads", 30);
const days = daysFrom("2025-01-01", dayCount);
const db = await createBenchDatabase({ name: `killboard_bench_history_${process.pid}` });
const { sql } = db;

async function timed<T>(work: () => Promise<T>) {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/** B new kills: nine tenths on the last two days, a tenth spread over the older days (late arrivals). */
async function storeBatch() {
  const base = readRealKillmails();
  const recent = createSyntheticKillmails({ base, count: batchSize - Math.floor(batchSize / 10), seed: 2, firstId: 900_000_000, startDate: days.at(-2)!, endDate: days.at(-1)! });
  const late = createSyntheticKillmails({ base, count: Math.floor(batchSize / 10), seed: 3, firstId: 910_000_000, startDate: days[0]!, endDate: days.at(-3)! });
  const lines = [...recent.records(), ...late.records()].map((record) => JSON.stringify(record));
  const path = `/tmp/killboard-bench-history-${process.pid}.jsonl`;
  await Bun.write(path, `${lines.join("\n")}\n`);
  const imported = await importKillmails({ sql, files: [path] });
  return imported.stored;
}

try {
  const setup = await timed(() => storeSyntheticKills({ sql, count: killCount, startDate: days[0]!, endDate: days.at(-1)! }));
  await sql`analyze`;
  const totalsFull = await timed(() => createTotalsRepository({ sql }).refreshEntityTotals());
  const historyFull = await timed(() => refreshHistory({ sql }));
  // The batch is stored after both watermarks; the margin puts every kill stored in the last 5 minutes in the window too.
  await sql`update killmails set stored_at = now() - interval '1 hour'`;
  await sql`update rollup_watermarks set stored_through = now() - interval '30 minutes'`;
  const stored = await storeBatch();
  const totalsBatch = await timed(() => createTotalsRepository({ sql }).refreshEntityTotals());
  const historyBatch = await timed(() => refreshHistory({ sql }));

  const [busiest] = await sql<{ entityId: number }[]>`select entity_id from entity_totals where entity_kind = 'alliance' order by kills + losses desc limit 1`;
  const scope = { kind: "alliance" as const, id: busiest!.entityId };
  const stats = createStatsRepository({ sql });
  const live = await timed(async () => { for (let i = 0; i < reads; i++) await stats.monthly({ scope }); });
  const kept = await timed(async () => { for (let i = 0; i < reads; i++) await stats.monthlyStored({ scope }); });
  const [liveMonths, keptMonths] = await Promise.all([stats.monthly({ scope }), stats.monthlyStored({ scope })]);
  if (JSON.stringify(liveMonths.map((m) => [m.month, m.kills, m.losses])) !== JSON.stringify(keptMonths.map((m) => [m.month, m.kills, m.losses]))) {
    throw new Error("entity_monthly differs from the live aggregate");
  }
  const [rows] = await sql<{ days: number; months: number }[]>`
    select (select count(*)::int from entity_daily) as days, (select count(*)::int from entity_monthly) as months`;

  const figures = {
    kills: killCount, days: dayCount, batch: stored, dailyRows: rows!.days, monthlyRows: rows!.months,
    historyBatchMs: Math.round(historyBatch.ms), historyBatchPairs: historyBatch.result?.pairs ?? 0, totalsBatchMs: Math.round(totalsBatch.ms),
    historyFullMs: Math.round(historyFull.ms), totalsFullMs: Math.round(totalsFull.ms),
    monthsKeptMsPerRead: Number((kept.ms / reads).toFixed(2)), monthsLiveMsPerRead: Number((live.ms / reads).toFixed(2)), busiestAllianceMonths: keptMonths.length,
  };
  console.log(`kills: ${killCount} over ${dayCount} days (stored in ${(setup.ms / 1000).toFixed(1)} s, setup); entity_daily ${figures.dailyRows} rows, entity_monthly ${figures.monthlyRows}`);
  console.log(`batch of ${stored} (a tenth late, for old days):`);
  console.log(`  entity_daily refresh        ${figures.historyBatchMs} ms (${figures.historyBatchPairs} entity-days recomputed, with their months and years)`);
  console.log(`  entity_totals refresh       ${figures.totalsBatchMs} ms (baseline)`);
  console.log(`  ratio daily / totals        ${(historyBatch.ms / totalsBatch.ms).toFixed(3)}`);
  console.log(`first fill: entity_daily+monthly+yearly ${figures.historyFullMs} ms, entity_totals ${figures.totalsFullMs} ms (baseline), ratio ${(historyFull.ms / totalsFull.ms).toFixed(3)}`);
  console.log(`all-time months of the busiest alliance (${keptMonths.length} months): entity_monthly ${figures.monthsKeptMsPerRead} ms, live aggregate ${figures.monthsLiveMsPerRead} ms (baseline), ratio ${(kept.ms / live.ms).toFixed(3)}`);
  console.log(JSON.stringify({
    ...figures, ratioDailyToTotalsRefresh: Number((historyBatch.ms / totalsBatch.ms).toFixed(4)),
    ratioFullFillToTotals: Number((historyFull.ms / totalsFull.ms).toFixed(4)), ratioMonthsKeptToLive: Number((kept.ms / live.ms).toFixed(4)),
  }));
} finally {
  await db.drop();
}
