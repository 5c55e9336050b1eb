/**
 * A KillmailContext built in memory from the bundled SDE and price files, with no database: the emulator
 * values its killmails with it, and the pure model's tests use it.
 */
import { pricesBundle } from "../../data/prices/index.ts";
import { sdeBundle } from "../../data/sde/index.ts";
import type { KillmailContext } from "./killmail.types.ts";
import type { PriceRow, PriceSource } from "../prices/prices.types.ts";
import type { SystemInfo, TypeInfo } from "../universe/universe.types.ts";

async function readJsonl<T>({ path }: { path: string }) {
  const text = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await Bun.file(path).arrayBuffer())));
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as T);
}

type TypeRow = { type_id: number; group_id: number; category_id: number; name: string; base_price?: number | null };
type SystemRow = { solar_system_id: number; constellation_id: number; region_id: number; security: number };
type AttributeRow = { type_id: number; attribute_id: number; value: number };
type PriceLine = { type_id: number; price_date: string; source: PriceSource; price: number };

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

async function loadPrices() {
  const prices = new Map<number, PriceRow[]>();
  for (const row of await readJsonl<PriceLine>({ path: pricesBundle })) {
    const list = prices.get(row.type_id) ?? [];
    list.push({ typeId: row.type_id, priceDate: row.price_date, source: row.source, price: row.price });
    prices.set(row.type_id, list);
  }
  return prices;
}

let cached: Promise<KillmailContext> | undefined;

/** The in-memory context; loaded once per process. */
export function loadBundledUniverse(): Promise<KillmailContext> {
  cached ??= (async () => {
    const [types, systems, prices] = await Promise.all([loadTypes(), loadSystems(), loadPrices()]);
    return {
      typeOf: (typeId) => types.get(typeId),
      systemOf: (solarSystemId) => systems.get(solarSystemId),
      pricesOf: (typeId) => prices.get(typeId) ?? [],
    };
  })();
  return cached;
}
