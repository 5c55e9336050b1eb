/** The image Fly builds and the one scripts/build-image builds here compile with the Bun the project pins. */
import { expect, test } from "bun:test";
import { join } from "node:path";
import packageJson from "../../package.json" with { type: "json" };

const read = (path: string) => Bun.file(join(import.meta.dir, "../..", path)).text();

test("the Dockerfile's Bun image, the Bun scripts/ install and package.json's packageManager are one version", async () => {
  const pinned = /^bun@(.+)$/.exec(packageJson.packageManager)?.[1];
  const dockerfile = /^ARG BUN_IMAGE=oven\/bun:(\S+)$/m.exec(await read("Dockerfile"))?.[1];
  const scripts = /^BUN_VERSION="([^"]+)"$/m.exec(await read("scripts/lib/setup.sh"))?.[1];
  expect(pinned).toBeDefined();
  expect({ dockerfile, scripts }).toEqual({ dockerfile: pinned, scripts: pinned });
});
