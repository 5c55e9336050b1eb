/** The SDE tables we load, their keys and columns; rows are checked before they reach the database. */
export type SdeTable = { table: string; key: string | string[]; columns: string[]; required: string[] };

/** The key columns of a table, whether its key is one column or composite. */
export const keyColumns = ({ spec }: { spec: SdeTable }) => (Array.isArray(spec.key) ? spec.key : [spec.key]);

export const SDE_TABLES: SdeTable[] = [
  { table: "categories", key: "category_id", columns: ["name", "published"], required: ["name"] },
  { table: "groups", key: "group_id", columns: ["category_id", "name", "published"], required: ["category_id", "name"] },
  { table: "market_groups", key: "market_group_id", columns: ["parent_id", "name", "has_types"], required: ["name"] },
  { table: "meta_groups", key: "meta_group_id", columns: ["name"], required: ["name"] },
  {
    table: "types",
    key: "type_id",
    columns: [
      "group_id", "category_id", "name", "market_group_id", "meta_group_id", "published", "mass", "volume",
      "capacity", "base_price", "portion_size", "race_id", "faction_id", "variation_parent_type_id",
    ],
    required: ["group_id", "category_id", "name"],
  },
  { table: "item_flags", key: "flag_id", columns: ["name", "text"], required: ["name", "text"] },
  { table: "factions", key: "faction_id", columns: ["name", "corporation_id", "militia_corporation_id", "solar_system_id"], required: ["name"] },
  { table: "npc_corporations", key: "corporation_id", columns: ["name", "ticker", "faction_id"], required: ["name"] },
  { table: "regions", key: "region_id", columns: ["name", "faction_id", "wormhole_class_id"], required: ["name"] },
  { table: "constellations", key: "constellation_id", columns: ["region_id", "name"], required: ["region_id", "name"] },
  {
    table: "solar_systems",
    key: "solar_system_id",
    columns: ["constellation_id", "region_id", "name", "security", "security_class", "wormhole_class_id"],
    required: ["constellation_id", "region_id", "name", "security"],
  },
  { table: "stations", key: "station_id", columns: ["solar_system_id", "type_id", "corporation_id", "name"], required: ["solar_system_id", "name"] },
  // Only the attributes the points model reads (scripts/build-dogma.ts); keyed by type and attribute.
  { table: "type_attributes", key: ["type_id", "attribute_id"], columns: ["value"], required: ["value"] },
  // Stargate neighbours (scripts/build-system-links.ts), read by battle detection.
  { table: "system_links", key: "solar_system_id", columns: ["linked_system_ids"], required: ["linked_system_ids"] },
];

/** Parses JSON lines into rows holding exactly the table's columns (missing ones null); names the bad line. */
export function parseSdeRows({ spec, text }: { spec: SdeTable; text: string }) {
  const rows: Record<string, unknown>[] = [];
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`${spec.table} line ${index + 1}: not JSON`);
    }
    const keys = keyColumns({ spec });
    for (const field of [...keys, ...spec.required]) {
      if (parsed[field] === undefined || parsed[field] === null) throw new Error(`${spec.table} line ${index + 1}: missing ${field}`);
    }
    const row: Record<string, unknown> = Object.fromEntries(keys.map((key) => [key, parsed[key]]));
    for (const column of spec.columns) row[column] = parsed[column] ?? null;
    rows.push(row);
  });
  return rows;
}
