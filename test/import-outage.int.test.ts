/**
 * `killmail import` when the database goes away mid-run (a proxy cut right after the first batch commits, since the
 * shared test server cannot be stopped): the command fails with one line naming the cause and reports nothing as
 * rejected; what it stored is stored once, and running it again stores exactly the rest.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSyntheticKillmails, type SyntheticEsi } from "../src/killmails/killmail.synthetic.ts";
import { createTestDatabase } from "./support/database.ts";
import { startTcpProxy } from "./support/tcp-proxy.ts";

const CLI = join(import.meta.dir, "../src/cli.ts");
// Two of the import's 500-killmail batches: the cut falls between them.
const COUNT = 1000;
const file = join(tmpdir(), `import-outage-${process.pid}.jsonl`);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let attackerRows = 0;

beforeAll(async () => {
  const base = readFileSync(join(import.meta.dir, "fixtures/killmails.jsonl"), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { killmail_id: number; esi: SyntheticEsi });
  const records = [...createSyntheticKillmails({ base, count: COUNT, startDate: "2026-11-01", endDate: "2026-11-03" }).records()];
  attackerRows = records.reduce((sum, record) => sum + record.esi.attackers.length, 0);
  writeFileSync(file, records.map((record) => JSON.stringify(record)).join("\n") + "\n");
  db = await createTestDatabase();
});
afterAll(async () => {
  rmSync(file, { force: true });
  await db?.drop();
});

async function runImport({ url, json = false }: { url: string; json?: boolean }) {
  const proc = Bun.spawn(["bun", CLI, "killmail", "import", ...(json ? ["--json"] : []), file], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
    cwd: tmpdir(),
    stdout: "pipe",
    stderr: "pipe",
    timeout: 90_000,
  });
  const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code, stdout, stderr };
}

async function countRows() {
  const [row] = await db.sql<{ ids: number; killmails: number; distinct: number; attackers: number }[]>`
    select (select count(*)::int from killmail_ids) as ids,
           (select count(*)::int from killmails) as killmails,
           (select count(distinct killmail_id)::int from killmails) as distinct,
           (select count(*)::int from killmail_attackers) as attackers
  `;
  return row!;
}

test("an import that loses its database fails with one line and no rejections, and a rerun stores exactly the rest", async () => {
  const proxy = await startTcpProxy({ url: db.url, cutAfter: { fromServer: "COMMIT\0", times: 1 } });
  try {
    const first = await runImport({ url: proxy.url });
    expect(first.code).not.toBe(0);
    const lines = first.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(first.stdout + first.stderr).not.toContain("rejected");
    const before = await countRows();
    expect(before.ids).toBeGreaterThan(0);
    expect(before.ids).toBeLessThan(COUNT);
    expect(before.killmails).toBe(before.ids);
    expect(before.distinct).toBe(before.ids);
    expect(lines[0]).toContain(`import stopped after storing ${before.ids} killmails`);

    proxy.restore();
    const second = await runImport({ url: proxy.url, json: true });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ stored: COUNT - before.ids, duplicates: before.ids, rejected: [] });
    expect(await countRows()).toEqual({ ids: COUNT, killmails: COUNT, distinct: COUNT, attackers: attackerRows });
  } finally {
    await proxy.close();
  }
}, 120_000);
