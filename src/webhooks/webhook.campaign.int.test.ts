/**
 * Webhooks by campaign, end to end: two campaigns made with `killboard campaign create`, a webhook for each added
 * with `killboard webhook add --campaign <id>` (and one for every kill, to know when the dispatcher is through),
 * 36 kills stored through the real processor after them, a real `killboard work` delivering to a local receiver.
 * Each campaign's receiver gets exactly the kills the test itself built to match it, once each.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFixture, type FixtureRecord } from "../../test/e2e/seed.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { buildKill, type TestKill } from "../../test/support/live.ts";
import { runRole, spawnRole, waitFor, type RoleProcess } from "../../test/support/processes.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";

const PILOT_X = 2_123_500_001;
const KILLS = 36;
const SECRET = "campaign-webhook-secret-0123456789";
const HOUR_MS = 3_600_000;
/** The first campaign's window: the middle hour of the three the kills span. */
const START = Date.now() - 3 * HOUR_MS;
const FROM = new Date(START + HOUR_MS);
const TO = new Date(START + 2 * HOUR_MS);

/** Two fixture kills whose victims are in different corporations: kills alternate between them. */
function pickTemplates(): [FixtureRecord, FixtureRecord] {
  const usable = readFixture().filter((record) => record.esi.victim.corporation_id && record.esi.attackers.some((who) => who.character_id));
  const first = usable[0]!;
  return [first, usable.find((record) => record.esi.victim.corporation_id !== first.esi.victim.corporation_id)!];
}
const templates = pickTemplates();
const corporationA = templates[0].esi.victim.corporation_id as number;

/** Kill i: template i % 2, PILOT_X among the attackers when i % 3 == 0, five minutes after kill i - 1. */
const kills: TestKill[] = Array.from({ length: KILLS }, (_, i) => buildKill({
  template: templates[i % 2]!, id: 940_000_000 + i, attackers: 3, time: new Date(START + i * 5 * 60_000 + 1_000),
  pilot: i % 3 === 0 ? { slot: 1, characterId: PILOT_X } : undefined,
}));

const hasPilot = (kill: TestKill) => kill.esi.attackers.some((who) => who.character_id === PILOT_X);
const timeOf = (kill: TestKill) => Date.parse(kill.esi.killmail_time);
const idsOf = (list: TestKill[]) => list.map((kill) => kill.killmail_id).sort();
const expected = {
  /** PILOT_X on the kill, inside [FROM, TO). */
  pilotWindow: idsOf(kills.filter((kill) => hasPilot(kill) && timeOf(kill) >= FROM.getTime() && timeOf(kill) < TO.getTime())),
  /** A ship of corporationA lost to PILOT_X (the other way round cannot happen: PILOT_X is never a victim). */
  sides: idsOf(kills.filter((kill) => hasPilot(kill) && kill.esi.victim.corporation_id === corporationA)),
};

const received = new Map<string, number[]>();
const receiver = Bun.serve({
  port: 0,
  async fetch(request) {
    const route = new URL(request.url).pathname.split("/")[1]!;
    const body = JSON.parse(await request.text());
    received.set(route, [...(received.get(route) ?? []), body.data.killmail_id]);
    return new Response(null, { status: 204 });
  },
});

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
let worker: RoleProcess | undefined;
const env = () => ({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PUBLIC_URL: "https://board.example" });

async function cli(args: string[]) {
  const result = await runRole({ args, env: env() });
  if (result.exitCode !== 0) throw new Error(`${args.join(" ")} exited ${result.exitCode}: ${result.output}`);
  return result.output;
}
const createCampaign = async (filter: unknown) =>
  Number(/created campaign #(\d+)/.exec(await cli(["campaign", "create", "--name", "test", "--filter", JSON.stringify(filter)]))![1]);
const addWebhook = (route: string, more: string[]) =>
  cli(["webhook", "add", `http://127.0.0.1:${receiver.port}/${route}/hook`, "--format", "json", "--secret", SECRET, ...more]);

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis({ name: "webhook-campaign" });
}, 60_000);
afterAll(async () => {
  await worker?.kill("SIGKILL");
  receiver.stop(true);
  await Promise.all([db?.drop(), redis?.drop()]);
});

test("a webhook added with --campaign receives exactly the campaign's kills, once each", async () => {
  // Not vacuous: each campaign keeps some kills and leaves out others, and the two differ.
  for (const ids of Object.values(expected)) expect([ids.length > 0, ids.length < KILLS]).toEqual([true, true]);
  expect(expected.pilotWindow).not.toEqual(expected.sides);
  const pilotWindow = await createCampaign({ entities: [{ kind: "character", id: PILOT_X }], from: FROM.toISOString(), to: TO.toISOString() });
  const sides = await createCampaign({ sides: { a: [{ kind: "corporation", id: corporationA }], b: [{ kind: "character", id: PILOT_X }] } });
  expect(await addWebhook("pilotWindow", ["--campaign", String(pilotWindow)])).toContain(`filter campaign=${pilotWindow}`);
  await addWebhook("sides", ["--campaign", String(sides)]);
  await addWebhook("all", []);

  const { storeKillmails } = await createKillmailProcessor({ sql: db.sql });
  await storeKillmails({ inputs: kills.map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date() })) });
  worker = spawnRole({ args: ["work", "--queues", "webhooks"], env: env() });
  const count = (route: string) => received.get(route)?.length ?? 0;
  await waitFor({
    check: async () => count("all") >= KILLS && count("pilotWindow") >= expected.pilotWindow.length && count("sides") >= expected.sides.length,
    timeoutMs: 30_000, what: `every kill delivered (${[...received].map(([route, ids]) => `${route}: ${ids.length}`).join(", ")}) ${worker.output()}`,
  });
  // A stray or repeated delivery would have been enqueued with the others: a moment more shows it.
  await Bun.sleep(1_500);
  expect(received.get("all")!.sort()).toEqual(idsOf(kills));
  expect(received.get("pilotWindow")!.sort()).toEqual(expected.pilotWindow);
  expect(received.get("sides")!.sort()).toEqual(expected.sides);
  expect(await worker.kill("SIGTERM")).toBe(0);
}, 90_000);

test("webhook add --campaign with no such campaign is one line and exit 1, and adds nothing", async () => {
  const result = await runRole({ args: ["webhook", "add", `http://127.0.0.1:${receiver.port}/x/hook`, "--campaign", "987654"], env: env() });
  expect(result.exitCode).toBe(1);
  expect(result.output.trim().split("\n")).toEqual([expect.stringContaining("--campaign: no campaign 987654")]);
  expect(await db.sql`select 1 from webhooks where url like ${"%/x/hook"}`).toHaveLength(0);
});
