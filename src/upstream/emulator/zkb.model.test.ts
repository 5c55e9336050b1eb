import { describe, expect, test } from "bun:test";
import { loadEmulatorDataset } from "./dataset.ts";
import { createModelZkb } from "./zkb.model.ts";

describe("createModelZkb", () => {
  test("values a record without a real block with our model, marked as emulated", async () => {
    const dataset = await loadEmulatorDataset({ synthetic: 0 });
    const record = dataset.records.find((candidate) => !candidate.zkb && (candidate.esi.victim as { items?: unknown[] }).items?.length)!;
    const zkb = (await createModelZkb())(record);
    expect(zkb.emulated).toBe(true);
    expect(zkb.hash).toBe(record.hash);
    expect(zkb.totalValue as number).toBeGreaterThan(0);
    expect(zkb.labels).toBeArray();
    expect(zkb.attackerCount).toBe((record.esi.attackers as unknown[]).length);
  });
});
