import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { createLogger } from "../app/log.ts";
import type { ReplicaState } from "../db/db.replica.models.ts";
import { createReadRouting, PRIMARY_PIN_COOKIE } from "./web.reads.ts";

const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });

function createApp(name: string, { failing = false } = {}) {
  return new Hono()
    .get("/form/", (c) => { setCookie(c, "csrf", "t"); return c.text(name); })
    .get("*", (c) => (failing ? c.text("down", 500) : c.text(name)))
    .post("*", (c) => c.redirect("/kill/1/", 303));
}

function setUp({ usable = true, failing = false } = {}) {
  let state: ReplicaState = { usable, lagMs: 0, reason: "streaming" };
  const failures: string[] = [];
  const monitor = { state: () => state, reportFailure: (reason: string) => { failures.push(reason); state = { ...state, usable: false }; } };
  const routing = createReadRouting({ primary: createApp("primary"), replica: createApp("replica", { failing }), monitor, pinSeconds: 6, logger });
  const ask = async (path: string, init?: RequestInit) => {
    const response = await routing.fetch(new Request(`http://kb.test${path}`, init));
    return { from: await response.text(), cookie: response.headers.get("set-cookie") ?? "" , status: response.status };
  };
  return { ask, failures };
}

describe("createReadRouting", () => {
  test("a page is read from the usable replica, and from the primary when it is not", async () => {
    expect((await setUp().ask("/kill/1/")).from).toBe("replica");
    expect((await setUp({ usable: false }).ask("/kill/1/")).from).toBe("primary");
  });

  test("login, the account and admin pages read the primary", async () => {
    const { ask } = setUp();
    for (const path of ["/account/", "/auth/callback", "/admin/queues", "/post/"]) expect((await ask(path)).from).toBe("primary");
  });

  test("a write pins the browser to the primary for the pin's seconds, so the page it lands on is read there", async () => {
    const { ask } = setUp();
    const posted = await ask("/br/", { method: "POST" });
    expect(posted.status).toBe(303);
    expect(posted.cookie).toContain(`${PRIMARY_PIN_COOKIE}=1`);
    expect(posted.cookie).toContain("Max-Age=6");
    expect((await ask("/br/7/", { headers: { cookie: `${PRIMARY_PIN_COOKIE}=1` } })).from).toBe("primary");
    expect((await ask("/br/7/", { headers: { cookie: "other=1" } })).from).toBe("replica");
  });

  test("an answer from the primary that sets a cookie pins too, and keeps its own cookie", async () => {
    const { ask } = setUp({ usable: false });
    const { cookie } = await ask("/form/");
    expect(cookie).toContain("csrf=t");
    expect(cookie).toContain(`${PRIMARY_PIN_COOKIE}=1`);
  });

  test("a read the replica answers with a 5xx is answered by the primary, and the replica is left", async () => {
    const { ask, failures } = setUp({ failing: true });
    expect(await ask("/kill/1/")).toMatchObject({ from: "primary", status: 200 });
    expect(failures).toEqual(["/kill/1/ answered 500"]);
    expect((await ask("/kill/2/")).from).toBe("primary");
  });
});
