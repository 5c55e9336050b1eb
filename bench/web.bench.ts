/**
 * Web benchmark: seeds N synthetic killmails (derived from the 121 real ones, stored through the same
 * derive-and-store path as `killmail import`), starts `killboard serve` and a bare Bun.serve in child
 * processes, and measures p50/p99 latency and requests/s for five pages side by side, then a 50-kill GraphQL
 * query with names next to the /api/v1 list it corresponds to, both uncached (the API list with a distinct
 * `since` per request, so the microcache misses; GraphQL is never microcached). Ends with one JSON line.
 *
 *   bun bench/web.bench.ts [--count 1000000] [--seconds 8] [--concurrency 32] [--rounds 3] [--database killboard_bench] [--reseed] [--gzip]
 *
 * Each target is measured `rounds` times, each round right after the bare server, and the medians are printed: on a
 * machine whose two cores the load client shares, one round's ratio to the bare server moved by ±0.1.
 *
 * The database is kept between runs (seeding a million killmails takes a while); --reseed starts over.
 * Load comes from this process; each request carries its own Fly-Client-IP, as if from many clients, so the
 * per-client rate limit of /api does not turn the API measurement into a 429 measurement. The client asks for
 * identity encoding unless --gzip: it shares the machine's cores with the server, and gunzipping here would
 * bill the server for the client's work (the server compresses once per cache fill, not per request).
 */
import { parseArgs } from "node:util";
import type { Sql } from "../src/db/db.client.ts";
import { measureLoad, openKeptBenchDatabase, startServeStack, type Figures } from "./support.ts";
import { createTotalsRepository } from "../src/stats/stats.totals.repository.ts";
import { createTopsRepository } from "../src/stats/stats.tops.repository.ts";
import { refreshHistory } from "../src/history/history.usecases.ts";
import { createKillmailProcessor } from "../src/killmails/killmail.usecases.ts";
import { parseKillmailInput } from "../src/killmails/killmail.schemas.ts";
import { createSyntheticKillmails } from "../src/killmails/killmail.synthetic.ts";
import { loadPrices } from "../src/prices/prices.usecases.ts";
import { readFixture } from "../test/e2e/seed.ts";

const { values: args } = parseArgs({ options: {
  count: { type: "string", default: "1000000" }, seconds: { type: "string", default: "8" }, concurrency: { type: "string", default: "32" },
  database: { type: "string", default: "killboard_bench" }, reseed: { type: "boolean", default: false },
  gzip: { type: "boolean", default: false }, rounds: { type: "string", default: "3" },
} });
const COUNT = Number(args.count);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const ROUNDS = Number(args.rounds);
/** The real corpus over-represents huge fights (mean 29 attackers, median 3); small fights are the bulk of EVE. */
const MAX_BASE_ATTACKERS = 25;
const BATCH = 1000;

async function seed(sql: Sql) {
  const [{ count }] = (await sql<{ count: number }[]>`select count(*)::int as count from killmail_ids`) as unknown as [{ count: number }];
  if (count >= COUNT) return console.log(`database already holds ${count} killmails`);
  if (count === 0) await loadPrices({ sql });
  const base = readFixture().filter((record) => record.esi.attackers.length <= MAX_BASE_ATTACKERS);
  const end = new Date();
  const start = new Date(end.getTime() - 365 * 86_400_000);
  const synthetic = createSyntheticKillmails({ base: base as never, count: COUNT, seed: 7, startDate: start.toISOString().slice(0, 10),
    endDate: end.toISOString().slice(0, 10), firstId: 200_000_000 });
  const processor = await createKillmailProcessor({ sql });
  const started = performance.now();
  const firstSeenAt = new Date();
  for (let from = count; from < COUNT; from += BATCH) {
    const inputs = [];
    for (let index = from; index < Math.min(COUNT, from + BATCH); index++) {
      inputs.push(parseKillmailInput({ json: synthetic.killmailAt(index), source: "import", firstSeenAt }));
    }
    await processor.storeKillmails({ inputs });
    if ((from / BATCH) % 20 === 0) {
      const rate = (from + BATCH - count) / ((performance.now() - started) / 1000);
      console.log(`seeded ${from + BATCH} / ${COUNT} (${Math.round(rate)} killmails/s)`);
    }
  }
  await sql`vacuum analyze`;
  await createTotalsRepository({ sql }).refreshEntityTotals();
}


async function pickTargets(sql: Sql) {
  const [busy] = await sql<{ entityId: number; kills: number }[]>`
    select entity_id, count(*)::int as kills from killmail_involvement where entity_kind = 'character'
    group by entity_id order by 2 desc limit 1`;
  const kills = await sql<{ killmailId: number }[]>`select killmail_id from killmail_ids order by killmail_time desc limit 1 offset 1000`;
  // Random ids spread over the year: each is asked for about once, so these pages come from the database.
  const cold = await sql<{ killmailId: number }[]>`select killmail_id from killmail_ids order by random() limit 20000`;
  const [ship] = await sql<{ victimShipTypeId: number }[]>`select victim_ship_type_id from killmails where killmail_id = ${kills[0]!.killmailId}`;
  return {
    characterId: busy!.entityId, characterKills: busy!.kills, killmailId: kills[0]!.killmailId, coldIds: cold.map((row) => row.killmailId),
    shipTypeId: ship!.victimShipTypeId,
  };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** The median of each figure over the rounds (errors summed). */
const medianFigures = (runs: Figures[]): Figures => ({ name: runs[0]!.name, requests: median(runs.map((run) => run.requests)),
  rps: median(runs.map((run) => run.rps)), p50: median(runs.map((run) => run.p50)), p99: median(runs.map((run) => run.p99)),
  errors: runs.reduce((sum, run) => sum + run.errors, 0) });

async function main() {
  const { sql, url } = await openKeptBenchDatabase({ name: args.database!, reseed: args.reseed! });
  await seed(sql);
  // The entity pages' all-time top lists, as the cron rollups job keeps them (the first run fills them whole).
  await createTopsRepository({ sql }).refreshEntityTops();
  // The entity pages' months, as the rollups job keeps them in entity_monthly (without them a page aggregates them live).
  await refreshHistory({ sql });
  const targets = await pickTargets(sql);
  const [{ total }] = (await sql<{ total: number }[]>`select count(*)::int as total from killmail_ids`) as unknown as [{ total: number }];
  await sql.end();
  const stack = await startServeStack({ databaseUrl: url });
  try {
    const { origin: base, bareOrigin: bareBase } = stack;
    const pages: [string, string][] = [
      ["front page /", "/"], [`kill page /kill/${targets.killmailId}/`, `/kill/${targets.killmailId}/`],
      [`busy character (${targets.characterKills} involvements)`, `/character/${targets.characterId}/`],
      ["kill-type list /kills/big/", "/kills/big/"], [`item page /item/${targets.shipTypeId}/`, `/item/${targets.shipTypeId}/`],
      ["API list /api/v1/killmails", "/api/v1/killmails?limit=50"],
    ];
    const coldPaths = targets.coldIds.map((id) => `/kill/${id}/`);
    // Distinct, equivalent requests: `since` a millisecond apart in 2003 selects the same newest 50 kills each time.
    const sinceOf = (index: number) => new Date(Date.UTC(2003, 0, 2) + index).toISOString();
    const apiUncached = Array.from({ length: 20_000 }, (_, index) => `/api/v1/killmails?limit=50&since=${sinceOf(index)}`);
    const graphqlQuery = "{ killmails(first: 50) { edges { node { id time values { total } system { name } "
      + "victim { character { name } corporation { name } alliance { name } ship { name } } finalBlow { character { name } ship { name } } } } } }";
    const graphqlPaths = [`/graphql?query=${encodeURIComponent(graphqlQuery)}`];
    // Each page is measured right after the bare server, so a noisy neighbour skews both sides of a ratio alike.
    const load = { concurrency: CONCURRENCY, seconds: SECONDS, gzip: args.gzip! };
    const rows: { bare: Figures; sameBytes: Figures; page: Figures; bytes: number; toBare: number; toSame: number }[] = [];
    const sizeOf = async (path: string) => (await (await fetch(`${base}${path}`, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer()).byteLength;
    const targetsToMeasure: [string, string[]][] = [
      ...pages.map(([name, path]): [string, string[]] => [name, [path]]), [`kill pages, ${coldPaths.length} ids (uncached)`, coldPaths],
      ["image /img/ (cache hit)", [`/img/types/${targets.shipTypeId}/render?size=128`]],
      ["API list, 50 kills (uncached)", apiUncached], ["GraphQL, 50 kills with names", graphqlPaths],
    ];
    for (const [name, paths] of targetsToMeasure) {
      const bytes = await sizeOf(paths[0]!);
      const runs: { bare: Figures; sameBytes: Figures; page: Figures }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // A round starts its own stretch of a distinct-path list, so uncached targets stay uncached.
        const offset = Math.floor((round * paths.length) / ROUNDS);
        const bare = await measureLoad({ name: "bare", base: bareBase, paths: ["/"], ...load });
        const sameBytes = await measureLoad({ name: "bare, same bytes", base: bareBase, paths: [`/${bytes}`], ...load });
        runs.push({ bare, sameBytes, page: await measureLoad({ name, base, paths: [...paths.slice(offset), ...paths.slice(0, offset)], ...load }) });
      }
      rows.push({ bytes, bare: medianFigures(runs.map((run) => run.bare)), sameBytes: medianFigures(runs.map((run) => run.sameBytes)),
        page: medianFigures(runs.map((run) => run.page)), toBare: median(runs.map((run) => run.page.rps / run.bare.rps)),
        toSame: median(runs.map((run) => run.page.rps / run.sameBytes.rps)) });
    }
    console.log(`\n${total} killmails, ${CONCURRENCY} concurrent clients, ${SECONDS} s per target and round, median of ${ROUNDS} rounds, ${args.gzip ? "gzip" : "identity"} encoding\n`);
    console.log(`${"target".padEnd(40)}${"bytes".padStart(8)}${"req/s".padStart(9)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"bare r/s".padStart(10)}${"× bare".padStart(8)}${"same-bytes r/s".padStart(15)}${"× same".padStart(8)}  errors`);
    for (const { bare, sameBytes, page, bytes, toBare, toSame } of rows) {
      console.log(`${page.name.padEnd(40)}${String(bytes).padStart(8)}${fmt(page.rps, 0)}${fmt(page.p50, 2)}${fmt(page.p99, 2)}${fmt(bare.rps, 0).padStart(10)}` +
        `${fmt(toBare, 2).padStart(8)}${fmt(sameBytes.rps, 0).padStart(15)}${fmt(toSame, 2).padStart(8)}  ${page.errors}`);
    }
    const [api, graphql] = rows.slice(-2).map((row) => row.page);
    console.log(`\nGraphQL 50 kills with names vs the uncached API list: ${fmt(graphql!.rps / api!.rps, 2).trim()}× the req/s, p99 ${fmt(graphql!.p99 / api!.p99, 2).trim()}× the API's`);
    const round = (value: number) => Math.round(value * 100) / 100;
    console.log(JSON.stringify({
      killmails: total, concurrency: CONCURRENCY, seconds: SECONDS, rounds: ROUNDS, encoding: args.gzip ? "gzip" : "identity",
      targets: rows.map(({ page, bare, sameBytes, bytes, toBare, toSame }) => ({
        name: page.name, bytes, rps: round(page.rps), p50: round(page.p50), p99: round(page.p99), errors: page.errors,
        bareRps: round(bare.rps), ratioToBare: round(toBare), sameBytesRps: round(sameBytes.rps), ratioToSameBytes: round(toSame),
      })),
      graphqlVsApi: { rpsRatio: round(graphql!.rps / api!.rps), p99Ratio: round(graphql!.p99 / api!.p99) },
    }));
  } finally {
    await stack.stop();
  }
}

await main();
