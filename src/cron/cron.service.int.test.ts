import { afterAll, beforeAll, expect, test } from "bun:test";
import { createSql } from "../db/db.client.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import type { CronJob, CronJobContext } from "./cron.jobs.ts";
import { createCronRepository } from "./cron.repository.ts";
import { createCronRunner } from "./cron.service.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const context = {} as CronJobContext;
const job = (name: string, run: CronJob["run"]): CronJob => ({ name, schedule: "* * * * * *", description: name, run });

test("two processes given the same period run it once: the second finds it taken", async () => {
  const other = createSql({ url: db.url, max: 3 });
  let runs = 0;
  const counting = job("counting", async () => ({ run: ++runs }));
  const [a, b] = [db.sql, other].map((sql) => createCronRunner({ repository: createCronRepository({ sql }), context, instance: "test" }));
  const results = await Promise.all([a!.runPeriod({ job: counting, period: "p1" }), b!.runPeriod({ job: counting, period: "p1" })]);
  expect(results.map((result) => result.outcome).sort()).toEqual(["succeeded", "taken"]);
  expect(runs).toBe(1);
  expect((await b!.runPeriod({ job: counting, period: "p2" })).outcome).toBe("succeeded");
  await other.end();
});

test("a run of the next period while one is still going is recorded as skipped, not run", async () => {
  let release!: () => void;
  const slow = job("slow", () => new Promise((resolve) => { release = () => resolve({}); }));
  const runner = createCronRunner({ repository: createCronRepository({ sql: db.sql }), context, instance: "test" });
  const first = runner.runPeriod({ job: slow, period: "p1" });
  await Bun.sleep(100);
  expect(await runner.runPeriod({ job: slow, period: "p2" })).toMatchObject({ outcome: "skipped" });
  release();
  expect((await first).outcome).toBe("succeeded");
});

test("a failing job is recorded with its error, and a run a dead process left running is marked abandoned", async () => {
  const repository = createCronRepository({ sql: db.sql });
  await repository.claimRun({ job: "flaky", period: "dead", instance: "gone" });
  const flaky = job("flaky", async () => { throw new Error("ESI said no"); });
  const result = await createCronRunner({ repository, context, instance: "test" }).runPeriod({ job: flaky, period: "p1" });
  expect(result).toEqual({ outcome: "failed", error: "ESI said no" });
  const runs = await repository.listRuns({ job: "flaky" });
  expect(runs.map((run) => [run.period, run.outcome, run.error])).toEqual([["p1", "failed", "ESI said no"], ["dead", "abandoned", "the process running it stopped"]]);
});
