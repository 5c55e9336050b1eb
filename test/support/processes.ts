/**
 * Runs real roles (`bun src/cli.ts …`) as child processes for end-to-end tests, so a test can SIGKILL a worker
 * or listener at any moment exactly as a crashing machine would. Output is kept for failure messages.
 */
import type { Subprocess } from "bun";

const CLI = new URL("../../src/cli.ts", import.meta.url).pathname;

export type RoleProcess = {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  output: () => string;
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
};

async function collect(stream: ReadableStream<Uint8Array>, into: string[]) {
  const decoder = new TextDecoder();
  for await (const chunk of stream) into.push(decoder.decode(chunk));
}

export function spawnRole({ args, env }: { args: string[]; env: Record<string, string> }): RoleProcess {
  const proc = Bun.spawn(["bun", CLI, ...args], {
    // Roles run side by side in tests: none opens the operations port unless the test asks for one.
    env: { ...process.env, LOG_LEVEL: "warn", METRICS_PORT: "0", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const chunks: string[] = [];
  void collect(proc.stdout, chunks);
  void collect(proc.stderr, chunks);
  return {
    proc,
    output: () => chunks.join(""),
    async kill(signal = "SIGKILL") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return proc.exited;
    },
  };
}

/** Runs a role to completion and returns its exit code and output. */
export async function runRole({ args, env, timeoutMs = 120_000 }: { args: string[]; env: Record<string, string>; timeoutMs?: number }) {
  const role = spawnRole({ args, env });
  const timer = setTimeout(() => role.proc.kill("SIGKILL"), timeoutMs);
  const exitCode = await role.proc.exited;
  clearTimeout(timer);
  return { exitCode, output: role.output() };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor({ check, timeoutMs, intervalMs = 200, what }: { check: () => Promise<boolean>; timeoutMs: number; intervalMs?: number; what: string }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
