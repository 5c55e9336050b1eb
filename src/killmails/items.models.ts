/**
 * Flattens the victim's items depth-first (a container's contents follow it) and names each flag's slot.
 * Slot grouping follows zKillboard classes/Info.php (`$infernoFlags` ranges, `$effectToSlot` names) and
 * the SDE invFlags table (shared/data/UPSTREAMS.md §c.3).
 */
import type { EsiItem } from "./killmail.schemas.ts";
import type { DerivedItem, Slot } from "./killmail.types.ts";

/** [first flag, last flag, slot]; ranges from zKillboard Info.php `$infernoFlags`, the rest from SDE invFlags. */
export const FLAG_SLOTS: [number, number, Slot][] = [
  [11, 18, "low"],
  [19, 26, "mid"],
  [27, 34, "high"],
  [92, 99, "rig"],
  [125, 132, "subsystem"],
  [164, 171, "service"],
  [87, 87, "drone_bay"],
  [158, 158, "fighter_bay"],
  [159, 163, "fighter_tube"],
  [5, 5, "cargo"],
  [89, 89, "implant"],
  [88, 88, "booster"],
  [176, 176, "booster"],
  [90, 90, "ship_hangar"],
  [155, 155, "fleet_hangar"],
  [133, 154, "specialized_hold"],
  [177, 177, "specialized_hold"],
  [179, 179, "specialized_hold"],
  [181, 183, "specialized_hold"],
  [172, 172, "structure_fuel"],
];

/** Slots zKillboard counts in `fittedValue` (cron/3.queueProcess.php `$fittedArray` via Info::getFlagLocation). */
export const FITTED_SLOTS: ReadonlySet<Slot> = new Set<Slot>(["high", "mid", "low", "rig", "subsystem", "service", "fighter_tube"]);

export function slotOfFlag({ flag }: { flag: number }): Slot {
  const match = FLAG_SLOTS.find(([first, last]) => flag >= first && flag <= last);
  return match ? match[2] : "other";
}

export type FlatItem = Omit<DerivedItem, "unitPrice" | "priceSource" | "priceInputs"> & { depth: number };

/** Depth-first flattening; `parentIndex` points at the containing item, null at top level. */
export function flattenItems({ items }: { items: EsiItem[] | undefined }) {
  const flat: FlatItem[] = [];
  const visit = (list: EsiItem[], parentIndex: number | null, depth: number) => {
    for (const item of list) {
      const itemIndex = flat.length;
      flat.push({
        itemIndex,
        parentIndex,
        depth,
        typeId: item.item_type_id,
        flag: item.flag,
        slot: slotOfFlag({ flag: item.flag }),
        singleton: item.singleton,
        quantityDropped: item.quantity_dropped ?? 0,
        quantityDestroyed: item.quantity_destroyed ?? 0,
      });
      if (item.items?.length) visit(item.items, itemIndex, depth + 1);
    }
  };
  visit(items ?? [], null, 0);
  return { items: flat };
}
