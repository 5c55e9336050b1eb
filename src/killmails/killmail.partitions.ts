/** The partitions of every killmail table, one per UTC month: `<table>_YYYYMM` (ensure_killmail_partitions). */
export const PARTITIONED_TABLES = ["killmails", "killmail_attackers", "killmail_items", "killmail_involvement"] as const;

/** `YYYY-MM-01` of the UTC month `date` falls in. */
export const monthOf = (date: Date) => `${date.toISOString().slice(0, 7)}-01`;

/** `YYYYMM` of `month` (`YYYY-MM-01`, or any date of that month as `YYYY-MM-…`): how its partitions are suffixed. */
export const suffixOfMonth = (month: string) => month.slice(0, 7).replace("-", "");

/** The partition of `table` for the month suffixed `suffix` (`YYYYMM`). */
export const partitionNamed = (table: string, suffix: string) => `${table}_${suffix}`;

/** The partition of `table` holding `month` (`YYYY-MM-01`, or any date of that month as `YYYY-MM-…`). */
export const partitionOf = (table: string, month: string) => partitionNamed(table, suffixOfMonth(month));
