import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listBullBoardAssets, renderBullBoardManifest } from "../../scripts/build-bull-board-assets.ts";
import { bullBoardFiles } from "./bull-board.assets.ts";

test("the embedded bull-board manifest matches the installed @bull-board/ui (else run scripts/build-bull-board-assets.ts)", () => {
  const written = readFileSync(join(import.meta.dir, "bull-board.assets.ts"), "utf8");
  expect(written).toBe(renderBullBoardManifest(listBullBoardAssets()));
});

test("the manifest carries the dashboard's scripts and styles", () => {
  const names = Object.keys(bullBoardFiles);
  expect(names.some((name) => /^js\/main\.\w+\.js$/.test(name))).toBe(true);
  expect(names.some((name) => /^css\/main\.\w+\.css$/.test(name))).toBe(true);
});
