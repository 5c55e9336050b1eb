/**
 * Webhooks end to end against real PostgreSQL, Redis and two real `work` processes, with a local receiver standing
 * in for Discord: kills are stored without any event nudge (the dispatcher's poll must find them), and each
 * receiver route misbehaves in its own way — 500 three times, 429 with retry_after, always 500, 404.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseKillmailInput } from "../killmails/killmail.schemas.ts";
import { createKillmailProcessor } from "../killmails/killmail.usecases.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { createTestRedis } from "../../test/support/redis.ts";
import { runRole, spawnRole, waitFor, type RoleProcess } from "../../test/support/processes.ts";

type EsiParty = { character_id?: number; corporation_id?: number; alliance_id?: number };
type Received = { route: string; status: number; at: number; body: string; headers: Headers };

const FIXTURE = join(import.meta.dir, "../../test/fixtures/killmails.jsonl");
const allLines = readFileSync(FIXTURE, "utf8").split("\n").filter(Boolean).slice(0, 60).map((line) => JSON.parse(line));
const allInputs = allLines.map((json) => parseKillmailInput({ json, source: "import", firstSeenAt: new Date() }));
/** The first test's kills; the second stores the other 20. */
const lines = allLines.slice(0, 40);
const inputs = allInputs.slice(0, 40);
const SECRET = "s3cr3t-for-the-json-webhook-0123456789";
const TOKEN = "TOKENabcdefghijklmnopqrstuvwxyz0123456789";
const RETRY_AFTER_S = 1.5;
const MAX_FAILURES = 4;

const partiesOf = (line: { esi: { victim: EsiParty; attackers: EsiParty[] } }) => [line.esi.victim, ...line.esi.attackers];
/** An alliance on some kills but not most, so the filter both matches and leaves kills out. */
function pickAlliance() {
  const counts = new Map<number, number>();
  for (const line of lines) for (const id of new Set(partiesOf(line).map((party) => party.alliance_id).filter(Boolean))) counts.set(id!, (counts.get(id!) ?? 0) + 1);
  const [id] = [...counts].find(([, count]) => count >= 3 && count <= 10)!;
  return { id, kills: new Set(lines.filter((line) => partiesOf(line).some((party) => party.alliance_id === id)).map((line) => line.killmail_id as number)) };
}
const alliance = pickAlliance();
const victim = { id: lines[0].esi.victim.character_id as number, kills: new Set(lines.filter((line) => line.esi.victim.character_id === lines[0].esi.victim.character_id).map((line) => line.killmail_id as number)) };

const received: Received[] = [];
const seen = new Map<string, number>();
function answer(route: string): Response {
  const count = (seen.get(route) ?? 0) + 1;
  seen.set(route, count);
  if (route === "fail3") return count <= 3 ? new Response("boom", { status: 500 }) : new Response(null, { status: 204 });
  if (route === "limited" && count === 1) return Response.json({ message: "You are being rate limited.", retry_after: RETRY_AFTER_S, global: false }, { status: 429 });
  if (route === "broken") return new Response("down", { status: 500 });
  if (route === "gone") return Response.json({ message: "Unknown Webhook", code: 10015 }, { status: 404 });
  return new Response(null, { status: 204 });
}
const receiver = Bun.serve({
  port: 0,
  async fetch(request) {
    const route = new URL(request.url).pathname.split("/")[1]!;
    const body = await request.text();
    const response = answer(route);
    received.push({ route, status: response.status, at: Date.now(), body, headers: request.headers });
    return response;
  },
});
const hookUrl = (route: string) => `http://127.0.0.1:${receiver.port}/${route}/123456789012345678/${TOKEN}`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: ReturnType<typeof createTestRedis>;
const workers: RoleProcess[] = [];
const env = () => ({
  DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PUBLIC_URL: "https://board.example",
  WEBHOOK_MAX_FAILURES: String(MAX_FAILURES), WEBHOOK_RETRY_BASE_MS: "200",
});
const cli = async (args: string[]) => {
  const result = await runRole({ args: ["webhook", ...args], env: env() });
  if (result.exitCode !== 0) throw new Error(`webhook ${args[0]} exited ${result.exitCode}: ${result.output}`);
  return result.output;
};

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), Promise.resolve(createTestRedis({ name: "webhooks" }))]);
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill("SIGKILL")));
  receiver.stop(true);
  await Promise.all([db?.drop(), redis?.drop()]);
});

const delivered = (route: string) => received.filter((entry) => entry.route === route && entry.status < 300);
const killIdOf = (entry: Received) => entry.route === "limited"
  ? (JSON.parse(entry.body).data.killmail_id as number)
  : Number(/\/kill\/(\d+)\//.exec(JSON.parse(entry.body).embeds[0].url)![1]);
const ones = (ids: Iterable<number>) => new Map([...ids].map((id) => [id, 1]));
const countBy = (entries: Received[]) => entries.reduce((map, entry) => map.set(killIdOf(entry), (map.get(killIdOf(entry)) ?? 0) + 1), new Map<number, number>());

test("matching kills arrive exactly once through 500s, 429s and two work processes; failures disable; 404s are final", async () => {
  await cli(["add", hookUrl("fail3"), "--filter", `entityKind=alliance&entityId=${alliance.id}`, "--name", "fail3"]);
  await cli(["add", hookUrl("limited"), "--format", "json", "--secret", SECRET, "--filter", JSON.stringify({ entityKind: "alliance", entityId: alliance.id })]);
  await cli(["add", hookUrl("broken")]);
  await cli(["add", hookUrl("gone"), "--filter", `entityKind=character&entityId=${victim.id}&role=victim`]);
  const processor = await createKillmailProcessor({ sql: db.sql });
  await processor.storeKillmails({ inputs: inputs.slice(0, 20) });
  for (let index = 0; index < 2; index++) workers.push(spawnRole({ args: ["work", "--queues", "webhooks"], env: env() }));
  await processor.storeKillmails({ inputs: inputs.slice(20) });

  const complete = () => countBy(delivered("fail3")).size === alliance.kills.size && countBy(delivered("limited")).size === alliance.kills.size;
  await waitFor({ check: async () => complete(), timeoutMs: 30_000, what: `${alliance.kills.size} kills at both receivers (${workers.map((worker) => worker.output()).join("\n")})` });
  await waitFor({ check: async () => !(await db.sql<{ enabled: boolean }[]>`select enabled from webhooks where url like ${"%/broken/%"}`)[0]!.enabled, timeoutMs: 10_000, what: "the broken webhook disabled" });
  // Retries of the failed attempts are due within a second or two: any double delivery would show by then.
  await Bun.sleep(2_500);

  // 500 three times, then every matching kill once and nothing else.
  expect(received.filter((entry) => entry.route === "fail3" && entry.status === 500)).toHaveLength(3);
  expect(countBy(delivered("fail3"))).toEqual(ones(alliance.kills));
  expect(new Set(received.filter((entry) => entry.route === "fail3").map(killIdOf))).toEqual(alliance.kills);
  const embed = JSON.parse(delivered("fail3")[0]!.body).embeds[0];
  expect(embed.url).toStartWith("https://board.example/kill/");
  expect(embed.thumbnail.url).toStartWith("https://images.evetech.net/types/");
  expect(embed.fields.map((field: { name: string }) => field.name)).toEqual(["Victim", "Ship", "System", "Value", "Attackers"]);

  // The rate-limited delivery came back only after retry_after; and once the 429 was recorded, the webhook was
  // paused (requests already on their way when it was answered still land, as they would at Discord).
  const limited = received.filter((entry) => entry.route === "limited");
  const first = limited[0]!;
  const deliveryId = first.headers.get("x-killboard-delivery");
  expect(first.status).toBe(429);
  const retried = limited.filter((entry) => entry !== first && entry.headers.get("x-killboard-delivery") === deliveryId);
  expect(retried).toHaveLength(1);
  expect(retried[0]!.at - first.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
  expect(limited.filter((entry) => entry.at > first.at + 500 && entry.at < first.at + RETRY_AFTER_S * 1000)).toEqual([]);
  expect(countBy(delivered("limited"))).toEqual(ones(alliance.kills));
  for (const entry of limited) {
    const signature = `sha256=${createHmac("sha256", SECRET).update(entry.body).digest("hex")}`;
    expect(entry.headers.get("x-killboard-signature")).toBe(signature);
    const message = JSON.parse(entry.body);
    expect({ type: message.type, sequence: String(message.sequence) }).toEqual({ type: "killmail", sequence: entry.headers.get("x-killboard-sequence")! });
    expect(typeof message.data.zkb.totalValue).toBe("number");
  }

  // A 404 is not retried: one request per matching kill.
  expect(countBy(received.filter((entry) => entry.route === "gone"))).toEqual(ones(victim.kills));

  const list = await cli(["list"]);
  expect(list).toContain(`DISABLED (${MAX_FAILURES} failed deliveries in a row)`);
  expect(list).toContain("last error: HTTP 404: {\"message\":\"Unknown Webhook\",\"code\":10015}");
  const json = await cli(["list", "--json"]);
  for (const text of [list, json]) {
    expect(text).not.toContain(TOKEN.slice(4));
    expect(text).not.toContain(SECRET);
  }
  const rows = JSON.parse(json) as { name: string | null; consecutiveFailures: number; lastDeliveredSequence: number | null; enabled: boolean }[];
  expect(rows.find((row) => row.name === "fail3")).toMatchObject({ consecutiveFailures: 0, enabled: true });
  const [cursor] = await db.sql<{ sequence: number }[]>`select sequence from webhook_dispatch`;
  expect(cursor!.sequence).toBe(inputs.length);
  for (const worker of workers) expect(await worker.kill("SIGTERM")).toBe(0);
  // The log names why a delivery ended and why a webhook was turned off, but never a URL's token.
  const logs = workers.map((worker) => worker.output()).join("\n");
  expect(logs).toContain("failed: HTTP 404: {\"message\":\"Unknown Webhook\"");
  expect(logs).toContain(`disabled after ${MAX_FAILURES} failed deliveries in a row: HTTP 500: down`);
  expect(logs).not.toContain(TOKEN.slice(4));
}, 90_000);

test("when the dispatching process dies, the other takes over at the cursor: a webhook added later gets only later kills, once", async () => {
  await cli(["add", hookUrl("later")]);
  const pair = [0, 1].map(() => spawnRole({ args: ["work", "--queues", "webhooks"], env: { ...env(), LOG_LEVEL: "info" } }));
  workers.push(...pair);
  const dispatching = (worker: RoleProcess) => worker.output().includes("webhook dispatcher running from sequence 40");
  await waitFor({ check: async () => pair.some(dispatching), timeoutMs: 15_000, what: "a dispatcher" });
  const [holder, other] = dispatching(pair[0]!) ? pair : [pair[1]!, pair[0]!];
  await holder!.kill("SIGKILL");
  const processor = await createKillmailProcessor({ sql: db.sql });
  await processor.storeKillmails({ inputs: allInputs.slice(40) });
  const later = new Set(allLines.slice(40).map((line) => line.killmail_id as number));
  await waitFor({ check: async () => countBy(delivered("later")).size === later.size, timeoutMs: 30_000, what: `${later.size} kills at the later webhook` });
  await Bun.sleep(1_500);
  expect(countBy(received.filter((entry) => entry.route === "later"))).toEqual(ones(later));
  expect(dispatching(other!)).toBe(true);
  expect(await other!.kill("SIGTERM")).toBe(0);
}, 60_000);
