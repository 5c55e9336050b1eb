/** Reads behind the kill page: one killmail with every name it shows and the kills around it. Returns data only. */
import { HOUR_MS } from "../app/time.ts";
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames, type EntityKey } from "../names/names.usecases.ts";
import { createNotFoundError } from "../present/present.errors.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { createKillmailReadRepository, type AttackerRow, type KillmailDetail, type KillmailSummary } from "./killmail.read.repository.ts";

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

function pageEntityKeys({ killmail, attackers }: { killmail: KillmailDetail; attackers: AttackerRow[] }): EntityKey[] {
  return [
    { kind: "character", id: killmail.victimCharacterId ?? 0 }, { kind: "corporation", id: killmail.victimCorporationId ?? 0 },
    { kind: "alliance", id: killmail.victimAllianceId ?? 0 },
    ...attackers.flatMap((a) => [
      { kind: "character" as const, id: a.characterId ?? 0 }, { kind: "corporation" as const, id: a.corporationId ?? 0 }, { kind: "alliance" as const, id: a.allianceId ?? 0 },
    ]),
  ];
}

/** `withRelated: false` for a page that does not show the nearby kills (the attackers page). */
export async function loadKillmailDetail({ sql, universe, killmailId, withRelated = true }: { sql: Sql; universe: UniverseNames; killmailId: number; withRelated?: boolean }) {
  const reads = createKillmailReadRepository({ sql });
  const found = await reads.findKillmail({ killmailId });
  if (!found) throw createNotFoundError({ what: `Killmail ${killmailId}` });
  const { killmail, attackers, items } = found;
  const hull = { typeId: killmail.victimShipTypeId, ...found.hull };
  const time = killmail.killmailTime.getTime();
  const nearby = !withRelated ? [] : await reads.listKillmails({ filter: {
    solarSystemId: killmail.solarSystemId, since: new Date(time - RELATED_WINDOW_MS), until: new Date(time + RELATED_WINDOW_MS), limit: RELATED_LIMIT + 1,
  } });
  const related = nearby.filter((row) => row.killmailId !== killmailId).slice(0, RELATED_LIMIT);
  // One name look-up for the killmail and its related kills together.
  const names = await resolveEntityNames({ sql, universe, keys: [...pageEntityKeys({ killmail, attackers }), ...summaryEntityKeys(related)] });
  return { killmail, attackers, items, names, related, hull, battle: found.battle };
}

export type KillmailPageData = Awaited<ReturnType<typeof loadKillmailDetail>>;
