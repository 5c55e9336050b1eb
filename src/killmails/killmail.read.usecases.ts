/** Reads behind the kill page: one killmail with every name it shows and the kills around it (killmail.page.repository.ts). Returns data only. */
import { HOUR_MS } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { entityNamesOf, type EntityKey } from "../names/names.usecases.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { createKillMonthGuesser } from "./killmail.months.repository.ts";
import { createKillPageRepository } from "./killmail.page.repository.ts";
import type { KillmailSummary } from "./killmail.read.repository.ts";

/** "Related kills": the same system within an hour either side, as zKillboard's related page groups them. */
const RELATED_WINDOW_MS = HOUR_MS;
const RELATED_LIMIT = 20;

/** Every player entity a list of summaries names, for one name look-up per page. */
export function summaryEntityKeys(rows: KillmailSummary[]): EntityKey[] {
  return rows.flatMap((row) => [
    { kind: "character" as const, id: row.victimCharacterId ?? 0 },
    { kind: "corporation" as const, id: row.victimCorporationId ?? 0 },
    { kind: "alliance" as const, id: row.victimAllianceId ?? 0 },
    { kind: "character" as const, id: row.finalBlowCharacterId ?? 0 },
  ]);
}

/**
 * The kill pages' reads, made once per app: its month guesser keeps what it read of the partitions between requests.
 * `withRelated: false` for a page that does not show the nearby kills (the attackers page).
 */
export function createKillmailReader({ sql }: { sql: Sql }) {
  const pages = createKillPageRepository({ sql, months: createKillMonthGuesser({ sql }) });
  return {
    async loadKillmailDetail({ universe, killmailId, withRelated = true }: { universe: UniverseNames; killmailId: number; withRelated?: boolean }) {
      const found = await pages.findKillPage({
        killmailId, windowMs: RELATED_WINDOW_MS, relatedLimit: withRelated ? RELATED_LIMIT : 0,
      });
      if (!found) throw createNotFoundError({ what: `Killmail ${killmailId}` });
      const { killmail, attackers, items, related, battle } = found;
      const hull = { typeId: killmail.victimShipTypeId, ...found.hull };
      return { killmail, attackers, items, names: entityNamesOf({ universe, rows: found.names }), related, hull, battle };
    },
  };
}

export type KillmailPageData = Awaited<ReturnType<ReturnType<typeof createKillmailReader>["loadKillmailDetail"]>>;
