import { expect, test } from "bun:test";
import type { EmulatorRecord } from "./dataset.ts";
import { listRecentKillmails } from "./esi.recent.model.ts";

test("recent killmails are the last 90 days, newest first, each once", () => {
  const at = (id: number, time: string) => ({ killmail_id: id, hash: `h${id}`, killmail_time: time }) as EmulatorRecord;
  const records = [at(1, "2025-11-01T00:00:00Z"), at(2, "2026-03-01T00:00:00Z"), at(3, "2026-03-02T00:00:00Z"), at(2, "2026-03-01T00:00:00Z")];
  expect(listRecentKillmails({ records, nowMs: Date.parse("2026-03-10T00:00:00Z") })).toEqual([
    { killmail_hash: "h3", killmail_id: 3 },
    { killmail_hash: "h2", killmail_id: 2 },
  ]);
});
