/**
 * ESI records a loaded charge under its module's flag: one flag holds the module (the first non-charge item) and
 * what is loaded in it. The fit table, the wheel and the EFT export all read a fit this way. Pure.
 */
import { CHARGE_CATEGORY_ID } from "../prices/prices.fixed.ts";
import type { ItemRow } from "./killmail.read.repository.ts";

export { CHARGE_CATEGORY_ID };

export type FlagContents = { flag: number; module: ItemRow | undefined; loaded: ItemRow[] };

/** The items of each flag, in flag order: its module and the rest (its charges). */
export function groupByFlag({ items, isCharge }: { items: ItemRow[]; isCharge: (typeId: number) => boolean }): FlagContents[] {
  const byFlag = new Map<number, ItemRow[]>();
  for (const item of [...items].sort((a, b) => a.flag - b.flag || a.itemIndex - b.itemIndex)) {
    let list = byFlag.get(item.flag);
    if (!list) byFlag.set(item.flag, (list = []));
    list.push(item);
  }
  return [...byFlag].map(([flag, flagItems]) => {
    const module = flagItems.find((item) => !isCharge(item.typeId));
    return { flag, module, loaded: flagItems.filter((item) => item !== module) };
  });
}

/** The charge loaded in a flag's module, if any. */
export const loadedCharge = ({ contents, isCharge }: { contents: FlagContents; isCharge: (typeId: number) => boolean }) =>
  contents.loaded.find((item) => isCharge(item.typeId));
