/**
 * Campaign queries at scale, read-only on an existing database (default: the 200,000-kill bench database):
 * EXPLAIN (ANALYZE, BUFFERS) of each statement a campaign page runs — the first page of kills, the totals, a top
 * list and the heatmap — exactly as campaigns.repository.ts builds them, for campaigns picked from the data: the
 * busiest alliance over one month, a mid-size player corporation over all time, and that alliance against the next one
 * over the same month. Baseline, measured in the same run: counting the same entities' involvement rows in the
 * range from the index alone, the least any of these statements must read. Ends with one JSON line.
 *
 *   bun bench/campaigns.bench.ts [--database-url postgres://killboard@127.0.0.1:5432/killboard_bench] [--runs 5]
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import type { Sql } from "../src/db/db.client.ts";
import { createCampaignRepository } from "../src/campaigns/campaigns.repository.ts";
import { campaignFilterSchema, type CampaignFilter } from "../src/campaigns/campaigns.schemas.ts";
import { createCampaignStatsRepository } from "../src/campaigns/campaigns.stats.repository.ts";

const { values: args } = parseArgs({ options: {
  "database-url": { type: "string", default: "postgres://killboard@127.0.0.1:5432/killboard_bench" }, runs: { type: "string", default: "5" },
} });
const RUNS = Number(args.runs);

type Captured = { text: string; parameters: unknown[] };
let captured: Captured[] = [];
// The repositories' statements are captured as sent (text and serialized parameters), then EXPLAINed as they are.
const sql = postgres(args["database-url"]!, {
  max: 1, transform: postgres.camel, connection: { jit: "off" }, onnotice: () => {},
  types: { bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) } },
  debug: (_connection, text, parameters) => void captured.push({ text, parameters }),
}) as unknown as Sql;

async function captureOne(run: () => Promise<unknown>) {
  captured = [];
  await run();
  return captured.at(-1)!;
}

type Plan = { "Execution Time": number; "Planning Time": number; Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } };
/** Median execution time of RUNS EXPLAIN ANALYZE runs (the first warms the cache), with that run's buffers. */
async function explain({ text, parameters }: Captured) {
  const plans: Plan[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const [row] = await sql.unsafe(`explain (analyze, buffers, format json) ${text}`, parameters as never[]);
    if (run > 0) plans.push((Object.values(row!)[0] as Plan[])[0]!);
  }
  plans.sort((a, b) => a["Execution Time"] - b["Execution Time"]);
  const plan = plans[Math.floor(plans.length / 2)]!;
  return { ms: Number(plan["Execution Time"].toFixed(2)), planMs: Number(plan["Planning Time"].toFixed(2)), buffers: plan.Plan["Shared Hit Blocks"] + plan.Plan["Shared Read Blocks"] };
}

async function pickCampaigns(): Promise<Record<string, CampaignFilter>> {
  const [busy, next] = await sql<{ id: number }[]>`select entity_id as id from killmail_involvement where entity_kind = 'alliance'
    group by 1 order by count(*) desc, 1 limit 2`;
  // Mid-size: the player corporation (ids from 98,000,000; NPC corporations are 1,000,xxx) at the 90th percentile of kills.
  const [corporation] = await sql<{ id: number }[]>`select entity_id as id from (select entity_id, count(*) as n,
    percent_rank() over (order by count(*), entity_id) as rank from killmail_involvement
    where entity_kind = 'corporation' and entity_id >= 98000000 group by 1) c order by abs(rank - 0.9) limit 1`;
  const [month] = await sql<{ from: Date }[]>`select date_trunc('month', max(killmail_time)) - interval '2 months' as from from killmails`;
  const from = month!.from.toISOString();
  const to = new Date(Date.UTC(month!.from.getUTCFullYear(), month!.from.getUTCMonth() + 1)).toISOString();
  const alliance = (id: number) => ({ kind: "alliance" as const, id });
  return Object.fromEntries(Object.entries({
    allianceMonth: { entities: [alliance(busy!.id)], from, to },
    corporationAllTime: { entities: [{ kind: "corporation", id: corporation!.id }] },
    sidesMonth: { sides: { a: [alliance(busy!.id)], b: [alliance(next!.id)] }, from, to },
  }).map(([name, filter]) => [name, campaignFilterSchema.parse(filter)]));
}

/** The floor: the campaign's entities' involvement rows in its range, counted from the index. */
function floorOf(filter: CampaignFilter) {
  const entities = filter.entities ?? [...filter.sides!.a, ...filter.sides!.b];
  return sql`select count(*) from killmail_involvement where (entity_kind, entity_id) in
    (select * from unnest(${entities.map((e) => e.kind)}::text[], ${entities.map((e) => e.id)}::bigint[]))
    and killmail_time >= ${filter.from ?? "2003-01-01T00:00:00Z"}::timestamptz and killmail_time < ${filter.to ?? "2100-01-01T00:00:00Z"}::timestamptz`;
}

const repository = createCampaignRepository({ sql });
const stats = createCampaignStatsRepository({ sql });
const statements = {
  list: (filter: CampaignFilter) => repository.listKillmails({ filter, page: { limit: 50 } }),
  totals: (filter: CampaignFilter) => repository.totals({ filter }),
  topAlliances: (filter: CampaignFilter) => stats.topAttackers({ filter, kind: "alliance", limit: 10 }),
  activity: (filter: CampaignFilter) => stats.activity({ filter }),
};

const results: Record<string, Record<string, { ms: number; planMs: number; buffers: number; ratio: number }>> = {};
for (const [name, filter] of Object.entries(await pickCampaigns())) {
  const floor = await explain(await captureOne(() => floorOf(filter)));
  console.log(`${name} ${JSON.stringify(filter)}\n  floor (index count)  ${floor.ms} ms, ${floor.buffers} buffers`);
  results[name] = { floor: { ...floor, ratio: 1 } };
  for (const [statement, run] of Object.entries(statements)) {
    const figures = await explain(await captureOne(() => run(filter)));
    const ratio = Number((figures.ms / Math.max(floor.ms, 0.01)).toFixed(1));
    results[name][statement] = { ...figures, ratio };
    console.log(`  ${statement.padEnd(20)} ${figures.ms} ms (plan ${figures.planMs} ms), ${figures.buffers} buffers, ${ratio}x the floor`);
  }
}
await sql.end({ timeout: 5 });
console.log(JSON.stringify({ bench: "campaigns", runs: RUNS, results }));
