/**
 * The deployment image, built from the Dockerfile by scripts/build-image (the Dockerfile as Fly builds it, on
 * bases made here from debootstrap and npm: no image registry is reached) and run under podman, which gives each
 * container its own PID namespace and applies the image's USER, CMD and HEALTHCHECK as Docker and Fly would.
 * Installs podman from Debian when missing; needs root (or passwordless sudo), as CI has.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createTestDatabase } from "../support/database.ts";
import { TEST_REDIS_URL } from "../support/redis.ts";
import { findFreePort } from "../support/ports.ts";

const root = join(import.meta.dir, "../..");
const TAG = "localhost/killboard:test";
const BUILD_TIMEOUT_MS = 10 * 60_000;
const HEALTHY_WITHIN_MS = 30_000;
const asRoot = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
// runc, not Debian's crun 1.8, which refuses hosts with hybrid cgroups; cgroupfs and file events because a CI
// container or sandbox often runs no systemd.
const PODMAN = [...asRoot, "podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file"];
// Podman's default limits are above the host's hard limits when the root here lacks CAP_SYS_RESOURCE.
const RUN_OPTIONS = ["--pull=never", "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096", "--health-interval=disable"];

function run(cmd: string[], { timeout = 60_000 } = {}) {
  const result = Bun.spawnSync(cmd, { cwd: root, timeout, env: { ...process.env, ROOT: root } });
  return { code: result.exitCode, stdout: Bun.stripANSI(result.stdout.toString()), stderr: result.stderr.toString() };
}

function podman(args: string[]) {
  return run([...PODMAN, ...args]);
}

function ensureRan(result: ReturnType<typeof run>, what: string) {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  return result.stdout.trim();
}

async function waitUntilHealthy(container: string) {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (podman(["healthcheck", "run", container]).code === 0) return true;
    await Bun.sleep(250);
  }
  return false;
}

beforeAll(() => {
  const install = `source scripts/lib/setup.sh; command -v podman >/dev/null && command -v runc >/dev/null || apt_install podman runc`;
  ensureRan(run([...asRoot, "env", `ROOT=${root}`, "bash", "-c", install], { timeout: BUILD_TIMEOUT_MS }), "installing podman");
  ensureRan(run([...asRoot, join(root, "scripts/build-image"), TAG], { timeout: BUILD_TIMEOUT_MS }), "scripts/build-image");
}, BUILD_TIMEOUT_MS * 2);

describe("the deployment image", () => {
  test("killboard --help inside it lists every role", () => {
    const { code, stdout } = podman(["run", "--rm", ...RUN_OPTIONS, TAG, "killboard", "--help"]);
    expect(code).toBe(0);
    for (const role of ["serve", "work", "listen", "cron", "migrate", "backfill"]) expect(stdout).toContain(role);
  });

  test("runs its processes as a user other than root", () => {
    const uid = ensureRan(podman(["run", "--rm", ...RUN_OPTIONS, TAG, "id", "-u"]), "id -u");
    expect(uid).toMatch(/^\d+$/);
    expect(uid).not.toBe("0");
  });

  test("has no ENTRYPOINT and runs `killboard serve` by default, as fly.toml's commands assume", () => {
    const [image] = JSON.parse(ensureRan(podman(["image", "inspect", TAG]), "image inspect"));
    expect(image.Config.Entrypoint ?? []).toEqual([]);
    expect(image.Config.Cmd).toEqual(["killboard", "serve"]);
  });

  test("counts a role without a port healthy while it runs, and a container running no killboard unhealthy", async () => {
    const emulator = ensureRan(podman(["run", "-d", ...RUN_OPTIONS, "--network", "host", TAG, "killboard", "emulate", "--port", String(findFreePort())]), "emulate");
    const other = ensureRan(podman(["run", "-d", ...RUN_OPTIONS, TAG, "sleep", "60"]), "sleep");
    try {
      expect(await waitUntilHealthy(emulator)).toBe(true);
      expect(podman(["healthcheck", "run", other]).code).not.toBe(0);
    } finally {
      podman(["rm", "-f", "-t", "0", emulator, other]);
    }
  }, HEALTHY_WITHIN_MS + 30_000);

  describe("running serve", () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let container = "";
    beforeAll(async () => {
      database = await createTestDatabase({ max: 1 });
      const env = { PORT: String(findFreePort()), DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL };
      const envArgs = Object.entries(env).flatMap(([key, value]) => ["--env", `${key}=${value}`]);
      // Host networking: the test's PostgreSQL and Redis listen on the host's loopback.
      container = ensureRan(podman(["run", "-d", ...RUN_OPTIONS, "--network", "host", ...envArgs, TAG]), "podman run serve");
    });
    afterAll(async () => {
      if (container) podman(["rm", "-f", "-t", "0", container]);
      await database?.drop();
    });

    test("becomes healthy once /health answers, and the healthcheck fails when nothing answers on PORT", async () => {
      const healthy = await waitUntilHealthy(container);
      if (!healthy) console.error(podman(["logs", container]).stderr);
      expect(healthy).toBe(true);
      const elsewhere = podman(["exec", "--env", `PORT=${findFreePort()}`, container, "killboard-healthcheck"]);
      expect(elsewhere.code).toBe(1);
    }, HEALTHY_WITHIN_MS + 10_000);

    test("stops on SIGTERM with exit code 0 (as PID 1 it drains rather than ignoring the signal)", () => {
      ensureRan(podman(["stop", "--time", "30", container]), "podman stop");
      const state = JSON.parse(ensureRan(podman(["inspect", "--format", "{{json .State}}", container]), "inspect"));
      expect(state).toMatchObject({ Status: "exited", ExitCode: 0 });
    }, 40_000);
  });
});
