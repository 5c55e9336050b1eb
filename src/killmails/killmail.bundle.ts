/**
 * A KillmailContext built in memory from the bundled SDE and price files, with no database: the emulator
 * values its killmails with it, and the pure model's tests use it. Its prices are the bundled The Forge history
 * and snapshots through the same resolver the database path uses.
 */
import { sdeBundle } from "../../data/sde/index.ts";
import { celestialsOf } from "../universe/celestials.bundle.ts";
import type { KillmailContext } from "./killmail.types.ts";
import { loadBlueprints, readBundledHistory, readBundledSnapshots } from "../prices/prices.bundle.ts";
import { THE_FORGE_REGION_ID, type HistoryDay, type PriceSnapshot } from "../prices/prices.types.ts";
import { createPriceResolver } from "../prices/resolver.models.ts";
import type { SystemInfo, TypeInfo } from "../universe/universe.types.ts";

async function readJsonl<T>({ path }: { path: string }) {
  const text = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await Bun.file(path).arrayBuffer())));
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as T);
}

type TypeRow = { type_id: number; group_id: number; category_id: number; name: string; base_price?: number | null };
type SystemRow = { solar_system_id: number; constellation_id: number; region_id: number; security: number };
type AttributeRow = { type_id: number; attribute_id: number; value: number };

async function loadTypes() {
  const types = new Map<number, TypeInfo>();
  for (const row of await readJsonl<TypeRow>({ path: sdeBundle.types! })) {
    types.set(row.type_id, { typeId: row.type_id, groupId: row.group_id, categoryId: row.category_id, name: row.name, basePrice: row.base_price ?? null });
  }
  for (const row of await readJsonl<AttributeRow>({ path: sdeBundle.type_attributes! })) {
    const type = types.get(row.type_id);
    if (type) (type.attributes ??= {})[row.attribute_id] = row.value;
  }
  return types;
}

async function loadSystems() {
  const systems = new Map<number, SystemInfo>();
  for (const row of await readJsonl<SystemRow>({ path: sdeBundle.solar_systems! })) {
    systems.set(row.solar_system_id, { solarSystemId: row.solar_system_id, constellationId: row.constellation_id, regionId: row.region_id, security: row.security });
  }
  return systems;
}

const groupByType = <T>(rows: (T & { typeId: number })[], pick: (row: T & { typeId: number }) => T) =>
  new Map([...Map.groupBy(rows, (row) => row.typeId)].map(([typeId, list]) => [typeId, list.map(pick)]));

async function loadPrices() {
  const [history, snapshots, blueprints] = await Promise.all([readBundledHistory(), readBundledSnapshots(), loadBlueprints()]);
  const forge = history.filter((row) => row.regionId === THE_FORGE_REGION_ID);
  return {
    history: groupByType<HistoryDay>(forge.map((row) => ({ ...row, source: "bundled" as const })), ({ day, average, source }) => ({ day, average, source })),
    snapshots: groupByType<PriceSnapshot>(snapshots, ({ day, averagePrice, adjustedPrice }) => ({ day, averagePrice, adjustedPrice })),
    blueprints,
  };
}

let cached: Promise<KillmailContext> | undefined;

/** The in-memory context; loaded once per process, its one resolver memoising over facts that never change. */
export function loadBundledUniverse(): Promise<KillmailContext> {
  cached ??= (async () => {
    const [types, systems, prices] = await Promise.all([loadTypes(), loadSystems(), loadPrices()]);
    const resolver = createPriceResolver({
      facts: {
        typeOf: (typeId) => types.get(typeId),
        historyOf: (typeId) => prices.history.get(typeId) ?? [],
        snapshotsOf: (typeId) => prices.snapshots.get(typeId) ?? [],
        overridesOf: () => [],
        blueprintOf: (typeId) => prices.blueprints.get(typeId),
      },
    });
    return {
      typeOf: (typeId) => types.get(typeId),
      systemOf: (solarSystemId) => systems.get(solarSystemId),
      celestialsOf,
      priceOf: resolver.resolvePrice,
    };
  })();
  return cached;
}
