import { describe, expect, test } from "bun:test";
import { createEmulatorDataset, loadEmulatorDataset, loadRealRecords } from "./dataset.ts";
import { createEmulator } from "./emulator.ts";
import { createFeed } from "./feed.ts";
import { esiTime } from "./retime.ts";

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

describe("emulate --now", () => {
  test("published records take the present, the backlog spread over the span before it; id, hash and original time are kept, the history holds what was published", async () => {
    const records = (await loadRealRecords()).slice(0, 4);
    const before = records.map((record) => ({ id: record.killmail_id, hash: record.hash, time: record.killmail_time, body: structuredClone(record.esi) }));
    const dataset = createEmulatorDataset({ records });
    const feed = createFeed({ dataset, present: true, now: () => NOW });
    const entries = feed.publish({ count: 3, spanMs: 60_000 });
    expect(entries.map((entry) => entry.record.killmail_time)).toEqual([esiTime(NOW - 60_000), esiTime(NOW - 30_000), esiTime(NOW)]);
    for (const { record } of entries) {
      const original = before.find((item) => item.id === record.killmail_id)!;
      expect(record.esi).toEqual({ ...original.body, killmail_time: record.killmail_time });
      expect([record.hash, record.original_killmail_time]).toEqual([original.hash, original.time]);
    }
    // The archive is what has been published, each under its new day; the kill still to come is in none.
    expect([...dataset.days.keys()]).toEqual(["20261202"]);
    expect(dataset.days.get("20261202")!.map((record) => record.killmail_id)).toEqual(entries.map((entry) => entry.record.killmail_id).sort((a, b) => a - b));
    const unpublished = dataset.byId.get(before.find((item) => !entries.some((entry) => entry.record.killmail_id === item.id))!.id)!;
    expect([unpublished.killmail_time, unpublished.original_killmail_time]).toEqual([before.find((item) => item.id === unpublished.killmail_id)!.time, undefined]);
  });

  test("a synthetic record, whose body is built on each access, keeps the new time on every access", async () => {
    const dataset = await loadEmulatorDataset({ synthetic: 3, includeReal: false });
    const feed = createFeed({ dataset, present: true, now: () => NOW });
    const [entry] = feed.publish({ count: 1 });
    expect(entry!.record.esi.killmail_time).toBe(esiTime(NOW));
    expect(entry!.record.esi.killmail_time).toBe(entry!.record.killmail_time);
    expect(entry!.record.esi.attackers.length).toBeGreaterThan(0);
  });

  test("every endpoint of a started emulator agrees on the new time: R2Z2, ESI and today's history", async () => {
    const emulator = await createEmulator({ options: { present: true, backlog: 5, rate: 0 } });
    const upstream = await emulator.start({ port: 0 });
    try {
      const head = emulator.context.feed.headSequence()!;
      const r2z2 = await (await fetch(`${upstream.r2z2}/ephemeral/${head}.json`)).json() as { killmail_id: number; hash: string; esi: { killmail_time: string } };
      expect(Date.now() - Date.parse(r2z2.esi.killmail_time)).toBeLessThan(5_000);
      const esi = await (await fetch(`${upstream.esi}/killmails/${r2z2.killmail_id}/${r2z2.hash}/`)).json() as { killmail_time: string };
      expect(esi.killmail_time).toBe(r2z2.esi.killmail_time);
      const day = r2z2.esi.killmail_time.slice(0, 10).replaceAll("-", "");
      const history = await (await fetch(`${upstream.url}/history/${day}.json`)).json() as Record<string, string>;
      expect(history[String(r2z2.killmail_id)]).toBe(r2z2.hash);
      const first = emulator.context.feed.atSequence(head - 4)!.record;
      // The backlog spans the ten minutes a rate of 0 stands for: the oldest of it is minutes old, not years.
      expect(Date.parse(r2z2.esi.killmail_time) - Date.parse(first.killmail_time)).toBe(600_000);
    } finally {
      await upstream.stop();
    }
  });
});
