import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

const MAX_TOKENS = 30;
const JITA_POD = "/killmails/84508915/e74fe4b03e93d0e886b3c3ea8b2aebeaacabb6f2/";
const WRONG_HASH = "/killmails/84508915/0000000000000000000000000000000000000000/";
const UNKNOWN_ID = "/killmails/1/0000000000000000000000000000000000000000/";

let sandbox: TestEmulator;
beforeAll(async () => {
  const killmail = { name: "killmail", maxTokens: MAX_TOKENS, windowMs: 60_000, label: `${MAX_TOKENS}/1m` };
  sandbox = await startTestEmulator({ options: { esiBuckets: { killmail } } });
});
afterAll(() => sandbox.stop());

/** A client that keeps its own count the way ESI intends: the sum of every answer's X-Ratelimit-Used. */
function createSummingClient() {
  const seen = { used: 0, remaining: MAX_TOKENS, statuses: [] as number[], agreed: [] as boolean[] };
  return {
    seen,
    async get({ path, headers = {} }: { path: string; headers?: Record<string, string> }) {
      const response = await sandbox.get(path, { headers });
      await response.arrayBuffer();
      seen.used += Number(response.headers.get("x-ratelimit-used"));
      seen.remaining = Number(response.headers.get("x-ratelimit-remaining"));
      seen.statuses.push(response.status);
      seen.agreed.push(seen.used === MAX_TOKENS - seen.remaining);
      return response;
    },
  };
}

test("X-Ratelimit-Used summed over a run equals what the window's X-Ratelimit-Remaining says was spent", async () => {
  const client = createSummingClient();
  const etag = (await client.get({ path: JITA_POD })).headers.get("etag")!;
  await client.get({ path: JITA_POD, headers: { "if-none-match": etag } });
  await client.get({ path: UNKNOWN_ID });
  sandbox.emulator.setFaults({ errorRate: 1 });
  await client.get({ path: JITA_POD });
  sandbox.emulator.setFaults({ errorRate: 0 });
  // Spend the rest exactly (an answer dearer than what is left would overdraw the window).
  while (client.seen.remaining >= 5) await client.get({ path: WRONG_HASH });
  while (client.seen.remaining >= 2) await client.get({ path: JITA_POD });
  while (client.seen.remaining >= 1) await client.get({ path: JITA_POD, headers: { "if-none-match": etag } });
  await client.get({ path: JITA_POD });
  const { statuses, agreed } = client.seen;
  expect(statuses.slice(0, 3)).toEqual([200, 304, 404]);
  expect(statuses[3]).toBeGreaterThanOrEqual(500);
  expect(statuses).toContain(422);
  expect(statuses.at(-1)).toBe(429);
  expect(client.seen.remaining).toBe(0);
  expect(agreed.every(Boolean)).toBe(true);
  expect(agreed.length).toBeGreaterThan(6);
});

test("each answer's X-Ratelimit-Used is its own cost: 2 for 2XX, 1 for 3XX, 5 for 4XX, 0 for 5XX", async () => {
  const fresh = await startTestEmulator();
  try {
    const used = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fresh.get(path, { headers });
      return { status: response.status, used: response.headers.get("x-ratelimit-used"), etag: response.headers.get("etag") };
    };
    const first = await used(JITA_POD);
    const again = await used(JITA_POD);
    expect([first.used, again.used]).toEqual(["2", "2"]);
    expect((await used(JITA_POD, { "if-none-match": first.etag! })).used).toBe("1");
    expect((await used(WRONG_HASH)).used).toBe("5");
    fresh.emulator.setFaults({ errorRate: 1 });
    expect((await used(JITA_POD)).used).toBe("0");
  } finally {
    await fresh.stop();
  }
});
