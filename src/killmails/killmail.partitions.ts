/** The partitions of every killmail table, one per UTC month: `<table>_YYYYMM` (ensure_killmail_partitions). */
export const PARTITIONED_TABLES = ["killmails", "killmail_attackers", "killmail_items", "killmail_involvement"] as const;

/** `YYYY-MM-01` of the UTC month `date` falls in. */
export const monthOf = (date: Date) => `${date.toISOString().slice(0, 7)}-01`;

/** The partition of `table` holding `month` (`YYYY-MM-01`, or any date of that month as `YYYY-MM-…`). */
export const partitionOf = (table: string, month: string) => `${table}_${month.slice(0, 7).replace("-", "")}`;
