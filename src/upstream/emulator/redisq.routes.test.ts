import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestEmulator, type TestEmulator } from "./emulator.testing.ts";

let sandbox: TestEmulator;
beforeAll(async () => {
  sandbox = await startTestEmulator({ options: { backlog: 2 } });
});
afterAll(() => sandbox.stop());

const listen = (queueId: string) => sandbox.get(`/listen.php?queueID=${queueId}&ttw=1`);

describe("RedisQ", () => {
  test("a quiet queue is redirected to the null object, whose package is null", async () => {
    const response = await listen("quiet");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/object.php?objectID=null");
    expect(await (await sandbox.get("/object.php?objectID=null")).json()).toEqual({ package: null });
  });

  test("a killmail published while a queue waits is redirected to and served zkb-only", async () => {
    await listen("waiting");
    const pending = listen("waiting");
    await Bun.sleep(5);
    const [entry] = sandbox.emulator.publish(1);
    const response = await pending;
    expect(response.headers.get("location")).toBe(`/object.php?objectID=${entry!.record.killmail_id}`);
    const body = await (await sandbox.get(response.headers.get("location")!)).json();
    expect(Object.keys(body.package)).toEqual(["killID", "zkb"]);
    expect(body.package.killID).toBe(entry!.record.killmail_id);
    expect(body.package.zkb.hash).toBe(entry!.record.hash);
  });

  test("each queueID keeps its own position", async () => {
    await listen("first");
    await listen("second");
    const [one, two] = sandbox.emulator.publish(2);
    for (const queueId of ["first", "second"]) {
      expect((await listen(queueId)).headers.get("location")).toBe(`/object.php?objectID=${one!.record.killmail_id}`);
      expect((await listen(queueId)).headers.get("location")).toBe(`/object.php?objectID=${two!.record.killmail_id}`);
      expect((await listen(queueId)).headers.get("location")).toBe("/object.php?objectID=null");
    }
  });

  test("a missing queueID and a second in-flight request for one queueID get 429", async () => {
    expect((await sandbox.get("/listen.php")).status).toBe(429);
    const first = listen("busy");
    await Bun.sleep(5);
    const second = await listen("busy");
    expect(second.status).toBe(429);
    expect((await first).status).toBe(302);
  });

  test("unknown and missing objects are 404", async () => {
    expect((await sandbox.get("/object.php?objectID=1")).status).toBe(404);
    expect((await sandbox.get("/object.php")).status).toBe(404);
  });

  test("a queue first seen after the backlog misses it, a pre-registered queue receives it in order", async () => {
    const sandboxed = await startTestEmulator({ options: { backlog: 3, redisqQueues: ["rehearsal"] } });
    try {
      const backlog = [0, 1, 2].map((index) => sandboxed.emulator.context.feed.atIndex(index)!.record.killmail_id);
      const objects = async (queueId: string) => {
        const seen = [];
        for (let index = 0; index < 4; index++) seen.push((await sandboxed.get(`/listen.php?queueID=${queueId}&ttw=1`)).headers.get("location"));
        return seen;
      };
      expect(await objects("rehearsal")).toEqual([...backlog.map((id) => `/object.php?objectID=${id}`), "/object.php?objectID=null"]);
      expect(await objects("latecomer")).toEqual(Array(4).fill("/object.php?objectID=null"));
    } finally {
      await sandboxed.stop();
    }
  });

  test("the pre-2025-12 package shape embeds the killmail", async () => {
    const old = await startTestEmulator({ options: { redisqPackage: "with-killmail" } });
    try {
      await old.get("/listen.php?queueID=old&ttw=1");
      const [entry] = old.emulator.publish(1);
      const location = (await old.get("/listen.php?queueID=old&ttw=1")).headers.get("location")!;
      const body = await (await old.get(location)).json();
      expect(Object.keys(body.package)).toEqual(["killID", "killmail", "zkb"]);
      expect(body.package.killmail).toEqual(entry!.record.esi);
    } finally {
      await old.stop();
    }
  });
});
