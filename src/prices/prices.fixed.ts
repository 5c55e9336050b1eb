/**
 * zKillboard's fixed prices and price rules (classes/Price.php getFixedPrice()/getItemPrice() at 2baf6057), kept as
 * the data file they were transcribed into (data/prices/zkb-fixed-prices.json) and read here. A "before" date is
 * PHP's string comparison of the kill time with YYYY-MM-DD: it applies to kills strictly before that day.
 */
import table from "../../data/prices/zkb-fixed-prices.json" with { type: "json" };

type FixedType = { type_id: number; price: number; before?: { date: string; price: number }; only_if_kill_before?: string };
type FixedGroup = { group_id: number; price?: number };

export const SKIN_CATEGORY_ID = 91;
export const CHARGE_CATEGORY_ID = 8;
/** Structure modules (rigs etc.): build cost first when it is above 0.01. */
export const BUILD_FIRST_CATEGORY_ID = 66;
/** Titans and supercarriers: build cost first when it is above 1 ISK. */
export const BUILD_FIRST_GROUP_IDS: ReadonlySet<number> = new Set([30, 659]);
export const BUILD_FIRST_HULL_MIN_ISK = 1;

/** Customs Office 2233 = Gantry 3962 + 8 × (Broadcast Node, Recursive Computing Module, Wetware Mainframe, Self-Harmonizing Power Core). */
export const CALCULATED_PRICES: ReadonlyMap<number, [number, number][]> = new Map([
  [2233, [[3962, 1], [2867, 8], [2871, 8], [2876, 8], [2872, 8]]],
]);

const types = new Map((table.types as FixedType[]).map((entry) => [entry.type_id, entry]));
const groups = new Map((table.groups as FixedGroup[]).filter((entry) => entry.price !== undefined).map((entry) => [entry.group_id, entry.price!]));

/** The fixed price of a type for a kill on `killDay`, or undefined when its normal rules apply. */
export function findFixedPrice({ typeId, groupId, killDay }: { typeId: number; groupId?: number; killDay: string }) {
  const fixed = types.get(typeId);
  if (fixed && !(fixed.only_if_kill_before && killDay >= fixed.only_if_kill_before)) {
    const price = fixed.before && killDay < fixed.before.date ? fixed.before.price : fixed.price;
    return { price, note: fixed.before && killDay < fixed.before.date ? `fixed type price before ${fixed.before.date}` : "fixed type price" };
  }
  const groupPrice = groupId === undefined ? undefined : groups.get(groupId);
  return groupPrice === undefined ? undefined : { price: groupPrice, note: `fixed price of group ${groupId}` };
}
