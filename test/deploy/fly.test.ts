/** fly.toml runs what the binary has: every command names a real subcommand and flag, ports agree with the config. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { ArgsDef, CommandDef } from "citty";
import { main } from "../../src/cli.ts";
import { configSchema, loadConfig } from "../../src/app/config.ts";
import { DRAIN_DEADLINE_MS } from "../../src/app/run-service.ts";
import { createHealthRoutes } from "../../src/web/health.routes.ts";
import type { WebDeps } from "../../src/web/web.deps.ts";

type FlyService = { processes: string[]; internal_port: number };
type FlyConfig = {
  kill_signal: string;
  kill_timeout: number;
  deploy: { release_command: string };
  env: Record<string, string>;
  processes: Record<string, string>;
  http_service: FlyService & { checks: { path: string }[] };
  services: FlyService[];
  restart: { policy: string; processes: string[] }[];
};

const fly = Bun.TOML.parse(await Bun.file(join(import.meta.dir, "../../fly.toml")).text()) as FlyConfig;

// Roles the issue plans whose subcommand does not exist yet; each entry must go once src/cli.ts has it.
const PENDING_ROLES = new Set<string>([]);

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);
const resolve = async <T>(value: Resolvable<T>): Promise<T> => (typeof value === "function" ? (value as () => T | Promise<T>)() : value);

/** Walks `words` down the citty tree; returns the first problem, or undefined when the command line is known. */
async function findProblem(words: string[]): Promise<string | undefined> {
  let command: CommandDef<ArgsDef> = main as CommandDef<ArgsDef>;
  let rest = words;
  while (rest[0] && !rest[0].startsWith("-")) {
    const subCommands = command.subCommands ? await resolve(command.subCommands) : undefined;
    const next = subCommands?.[rest[0]];
    if (!next) return `unknown subcommand ${rest[0]}`;
    command = (await resolve(next)) as CommandDef<ArgsDef>;
    rest = rest.slice(1);
  }
  const args = command.args ? await resolve(command.args) : {};
  for (const word of rest.filter((word) => word.startsWith("--"))) {
    const flag = word.slice(2).split("=")[0]!;
    if (!(flag in args)) return `unknown flag --${flag}`;
  }
  return undefined;
}

function killboardWords(command: string) {
  const [binary, ...words] = command.trim().split(/\s+/);
  expect(binary).toBe("killboard");
  return words;
}

describe("fly.toml", () => {
  test("has one process group per role", () => {
    expect(Object.keys(fly.processes).sort()).toEqual(["cron", "listen-r2z2", "serve", "work", "ws"]);
  });

  test("every process group runs a killboard subcommand the CLI has, with flags it declares", async () => {
    for (const [group, command] of Object.entries(fly.processes)) {
      const words = killboardWords(command);
      const problem = await findProblem(words);
      if (PENDING_ROLES.has(words[0]!)) expect({ group, problem }).toEqual({ group, problem: `unknown subcommand ${words[0]}` });
      else expect({ group, problem }).toEqual({ group, problem: undefined });
    }
  });

  test("the release command migrates first, then runs only real killboard commands", async () => {
    const script = /^sh -c '([^']+)'$/.exec(fly.deploy.release_command)?.[1];
    expect(script).toBeDefined();
    const steps = script!.split("&&").map((step) => step.trim());
    expect(steps[0]).toBe("killboard migrate");
    for (const step of steps) expect({ step, problem: await findProblem(killboardWords(step)) }).toEqual({ step, problem: undefined });
  });

  test("the platform waits longer than the drain deadline before it kills, after SIGTERM", () => {
    expect(fly.kill_signal).toBe("SIGTERM");
    expect(fly.kill_timeout * 1000).toBeGreaterThan(DRAIN_DEADLINE_MS);
  });

  test("its environment parses with the config schema and the services' ports are the ones the roles listen on", () => {
    for (const key of Object.keys(fly.env)) expect(Object.keys(configSchema.shape)).toContain(key);
    const { config } = loadConfig({ env: fly.env, dotenv: {} });
    expect(config.TRUST_PROXY_HEADER).toBe(true);
    expect(fly.http_service).toMatchObject({ processes: ["serve"], internal_port: config.PORT });
    expect(fly.services.find((service) => service.processes.includes("ws"))?.internal_port).toBe(config.WS_PORT);
  });

  test("the web service's checks ask a path serve answers", async () => {
    const routes = createHealthRoutes({ deps: { checks: { database: async () => 1 } } as unknown as WebDeps });
    for (const { path } of fly.http_service.checks) expect({ path, status: (await routes.request(path)).status }).toEqual({ path, status: 200 });
  });

  test("every group without a service restarts whatever its exit code", () => {
    const served = new Set([...fly.http_service.processes, ...fly.services.flatMap((service) => service.processes)]);
    const unserved = Object.keys(fly.processes).filter((group) => !served.has(group)).sort();
    const always = fly.restart.filter((rule) => rule.policy === "always").flatMap((rule) => rule.processes).sort();
    expect(always).toEqual(unserved);
  });
});
