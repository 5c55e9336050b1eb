/**
 * zKillboard's pricing conventions (classes/Price.php) as numbers. The killmail rules page lists them with the
 * other thresholds (killmails/rules.ts spreads them in), so this file stays their single home.
 */
export const PRICE_THRESHOLDS = {
  skinCategoryId: 91,
  capsuleGroupId: 29,
  capsulePrice: 10_000,
  nominalPrice: 0.01,
} as const;
