import { expect, test } from "bun:test";
import { join } from "node:path";

const CLI = join(import.meta.dir, "../../cli.ts");

/** Reads stdout until the four URL lines have arrived. */
async function readUrls(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  let text = "";
  while (!/EKWS_URL=\S+\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return Object.fromEntries(text.trim().split("\n").map((line) => line.split("=") as [string, string]));
}

test("killboard emulate prints the four base URLs, serves them (the backlog to each --redisq-queue) and stops cleanly on SIGTERM", async () => {
  const child = Bun.spawn([process.execPath, CLI, "emulate", "--port", "0", "--backlog", "3", "--rate", "0", "--redisq-queue", "first", "--redisq-queue", "second"], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  try {
    const urls = await readUrls(child.stdout);
    expect(Object.keys(urls)).toEqual(["R2Z2_BASE_URL", "REDISQ_URL", "ESI_BASE_URL", "EKWS_URL"]);
    expect(urls.REDISQ_URL).toEndWith("/listen.php");
    expect(urls.EKWS_URL).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/killmails$/);
    const sequence = await (await fetch(`${urls.R2Z2_BASE_URL}/ephemeral/sequence.json`)).json();
    expect(sequence).toEqual({ sequence: 96_695_608 });
    expect((await fetch(`${urls.ESI_BASE_URL}/status/`)).status).toBe(200);
    for (const queueId of ["first", "second"]) {
      const rehearsal = await fetch(`${urls.REDISQ_URL}?queueID=${queueId}&ttw=1`, { redirect: "manual" });
      expect(rehearsal.headers.get("location")).not.toBe("/object.php?objectID=null");
    }
  } finally {
    child.kill("SIGTERM");
  }
  expect(await child.exited).toBe(0);
});

test("killboard emulate --help says what a new RedisQ queue sees and how to give it the backlog", async () => {
  const child = Bun.spawn([process.execPath, CLI, "emulate", "--help"], { stdout: "pipe", stderr: "pipe" });
  const help = (await new Response(child.stdout).text()).replace(/\s+/g, " ");
  expect(await child.exited).toBe(0);
  expect(help).toContain("--redisq-queue");
  expect(help).toContain("sees only kills published after its first request");
});

test("killboard emulate --redisq-queue without a name fails with one line naming the flag", async () => {
  const child = Bun.spawn([process.execPath, CLI, "emulate", "--port", "0", "--redisq-queue"], { stdout: "pipe", stderr: "pipe" });
  const stderr = await new Response(child.stderr).text();
  expect(await child.exited).toBe(1);
  expect(stderr.trim()).toBe('error: --redisq-queue needs a value (e.g. --redisq-queue sandbox), got true');
});
