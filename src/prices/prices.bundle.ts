/**
 * Reads the bundled price files (data/prices): blueprints for build cost (every process needs them, and they
 * change only with a build), and the real history and snapshots `prices load` stores and the emulator's
 * database-free context values with.
 */
import { blueprintsBundle, historyBundle, snapshotsBundle } from "../../data/prices/index.ts";
import type { Blueprint } from "./prices.types.ts";

async function readGzipText(path: string) {
  return new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await Bun.file(path).arrayBuffer())));
}

export type BundledHistoryRow = { typeId: number; regionId: number; day: string; average: number; volume: number | null };
export type BundledSnapshot = { typeId: number; day: string; averagePrice: number | null; adjustedPrice: number | null };

export async function readBundledHistory(): Promise<BundledHistoryRow[]> {
  const [, ...lines] = (await readGzipText(historyBundle)).trim().split("\n");
  return lines.map((line) => {
    const [typeId, regionId, day, average, volume] = line.split(",");
    return { typeId: Number(typeId), regionId: Number(regionId), day: day!, average: Number(average), volume: volume ? Number(volume) : null };
  });
}

export async function readBundledSnapshots(): Promise<BundledSnapshot[]> {
  const lines = (await readGzipText(snapshotsBundle)).split("\n").filter(Boolean);
  return lines.map((line) => {
    const row = JSON.parse(line) as { type_id: number; day: string; average_price: number | null; adjusted_price: number | null };
    return { typeId: row.type_id, day: row.day, averagePrice: row.average_price, adjustedPrice: row.adjusted_price };
  });
}

let blueprints: Promise<Map<number, Blueprint>> | undefined;

/** Manufacturing recipes by product type; read once per process. */
export function loadBlueprints(): Promise<Map<number, Blueprint>> {
  blueprints ??= readGzipText(blueprintsBundle).then((text) => {
    const byProduct = new Map<number, Blueprint>();
    for (const line of text.split("\n").filter(Boolean)) {
      const row = JSON.parse(line) as { blueprint_type_id: number; product_type_id: number; product_quantity: number; materials: [number, number][] };
      byProduct.set(row.product_type_id, { blueprintTypeId: row.blueprint_type_id, productQuantity: row.product_quantity, materials: row.materials });
    }
    return byProduct;
  });
  return blueprints;
}
