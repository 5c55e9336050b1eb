/**
 * Where an uncached page's time goes (issue 17's "find where the time goes"), read-only on an existing database
 * (default: the bench:web database). The web app runs in this process on a connection that records every statement
 * it sends; each page type is requested for several distinct targets (so no cache answers), and each recorded
 * statement is then EXPLAINed (ANALYZE, BUFFERS) as sent. Per page type it prints the statements per page, the
 * sequential round trips' share of the page, the server's execution time summed over the statements, the buffers
 * they touched, the slowest statement, and the page's in-process time. Baseline, measured in the same run: a bare
 * `select 1` round trip on the same connection, the least a statement costs. Ends with one JSON line.
 *
 *   bun bench/pages.bench.ts [--database-url postgres://killboard@127.0.0.1:5432/killboard_bench] [--targets 8]
 */
import { parseArgs } from "node:util";
import { createLogger } from "../src/app/log.ts";
import { createSql } from "../src/db/db.client.ts";
import { createWebApp } from "../src/web/web.app.ts";
import { createWebDependencies } from "../src/web/web.setup.ts";

const { values: args } = parseArgs({ options: {
  "database-url": { type: "string", default: "postgres://killboard@127.0.0.1:5432/killboard_bench" }, targets: { type: "string", default: "8" },
} });
const TARGETS = Number(args.targets);

type Statement = { text: string; parameters: unknown[] };
let recorded: Statement[] = [];
const sql = createSql({ url: args["database-url"]!, max: 4 });
// The app's own pool, recording each statement with its serialized parameters, so it can be EXPLAINed exactly as sent.
const recorder = createSql({ url: args["database-url"]!, max: 4, debug: (text, parameters) => void recorded.push({ text, parameters }) });

type Plan = { "Execution Time": number; Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } };
async function explain({ text, parameters }: Statement) {
  if (!/^\s*(select|with)\b/i.test(text)) return null;
  const [row] = await sql.unsafe(`explain (analyze, buffers, format json) ${text}`, parameters as never[]);
  const plan = (Object.values(row!)[0] as Plan[])[0]!;
  return { ms: plan["Execution Time"], buffers: plan.Plan["Shared Hit Blocks"] + plan.Plan["Shared Read Blocks"], text };
}

/** Distinct targets per page type, the busiest first (a busy entity is the expensive case). */
async function pickPaths() {
  const busiest = (kind: string) => sql<{ id: number }[]>`select entity_id as id from killmail_involvement
    where entity_kind = ${kind} and entity_id > 0 group by 1 order by count(*) desc limit ${TARGETS}`;
  const places = (column: "solar_system_id" | "region_id") => sql<{ id: number }[]>`select ${sql(column)} as id from killmails
    group by 1 order by count(*) desc limit ${TARGETS}`;
  const kills = await sql<{ id: number }[]>`select killmail_id as id from killmail_ids tablesample system (1) limit ${TARGETS}`;
  const paths = (prefix: string, rows: { id: number }[]) => rows.map((row) => `/${prefix}/${row.id}/`);
  const since = (index: number) => new Date(Date.UTC(2003, 0, 2) + index).toISOString();
  return {
    kill: paths("kill", kills), character: paths("character", await busiest("character")),
    corporation: paths("corporation", await busiest("corporation")), alliance: paths("alliance", await busiest("alliance")),
    ship: paths("ship", await busiest("ship")), system: paths("system", await places("solar_system_id")),
    region: paths("region", await places("region_id")),
    "kill-type list": ["big", "solo", "highsec", "lowsec", "nullsec", "w-space", "capitals", "npc"].slice(0, TARGETS).map((type) => `/kills/${type}/`),
    "API list (50)": Array.from({ length: TARGETS }, (_, index) => `/api/v1/killmails?limit=50&since=${since(index)}`),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measurePage(app: ReturnType<typeof createWebApp>, paths: string[]) {
  const pages = [];
  for (const path of paths) {
    recorded = [];
    const started = performance.now();
    const response = await app.request(path);
    await response.arrayBuffer();
    const pageMs = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    const statements = recorded;
    const plans = (await Promise.all(statements.map(explain))).filter((plan) => plan !== null);
    const slowest = plans.reduce((a, b) => (b.ms > a.ms ? b : a), plans[0] ?? { ms: 0, buffers: 0, text: "" });
    pages.push({ pageMs, statements: statements.length, serverMs: plans.reduce((sum, plan) => sum + plan.ms, 0),
      buffers: plans.reduce((sum, plan) => sum + plan.buffers, 0), slowestMs: slowest.ms, slowest: slowest.text.replace(/\s+/g, " ").slice(0, 90) });
  }
  const slowestPage = pages.reduce((a, b) => (b.slowestMs > a.slowestMs ? b : a));
  return { pageMs: median(pages.map((page) => page.pageMs)), statements: median(pages.map((page) => page.statements)),
    serverMs: median(pages.map((page) => page.serverMs)), buffers: median(pages.map((page) => page.buffers)),
    slowestMs: slowestPage.slowestMs, slowest: slowestPage.slowest };
}

async function main() {
  const [{ total }] = (await sql<{ total: number }[]>`select count(*)::int as total from killmail_ids`) as unknown as [{ total: number }];
  const logger = createLogger({ config: { LOG_LEVEL: "warn", LOG_FORMAT: "pretty" }, tag: "bench" });
  const deps = await createWebDependencies({ sql: recorder, config: {}, logger, checks: {} });
  const app = createWebApp({ deps });
  const paths = await pickPaths();
  const trips: number[] = [];
  for (let run = 0; run < 200; run++) {
    const started = performance.now();
    await recorder`select 1`;
    trips.push(performance.now() - started);
  }
  const roundTripMs = median(trips);
  // Each type's last target first, unmeasured: the universe names, templates and prepared statements are then warm.
  for (const list of Object.values(paths)) await (await app.request(list.at(-1)!)).arrayBuffer();
  const rows = [];
  for (const [name, list] of Object.entries(paths)) rows.push({ name, ...(await measurePage(app, list.length > 1 ? list.slice(0, -1) : list)) });
  console.log(`\n${total} killmails; a bare select 1 round trip: ${roundTripMs.toFixed(2)} ms (medians of ${TARGETS - 1} distinct pages each)\n`);
  console.log(`${"page".padEnd(16)}${"page ms".padStart(9)}${"stmts".padStart(7)}${"server ms".padStart(11)}${"buffers".padStart(9)}${"× trip".padStart(8)}  slowest statement`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(16)}${row.pageMs.toFixed(1).padStart(9)}${String(row.statements).padStart(7)}${row.serverMs.toFixed(2).padStart(11)}` +
      `${String(row.buffers).padStart(9)}${(row.pageMs / roundTripMs).toFixed(0).padStart(8)}  ${row.slowestMs.toFixed(2)} ms: ${row.slowest}`);
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  console.log(JSON.stringify({ killmails: total, roundTripMs: round(roundTripMs), pages: rows.map((row) => ({ ...row,
    pageMs: round(row.pageMs), serverMs: round(row.serverMs), slowestMs: round(row.slowestMs), ratioToRoundTrip: round(row.pageMs / roundTripMs) })) }));
}

try {
  await main();
} finally {
  await recorder.end();
  await sql.end();
}
