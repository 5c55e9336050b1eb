/** The names a Discord embed shows: static ones loaded once per process, players' read per delivery. */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import { loadUniverseNames, type UniverseNames } from "../universe/universe.names.ts";
import { isPlayerKind } from "../vocabulary/entity-kinds.ts";
import type { LiveRecord } from "../live/live.types.ts";
import type { PayloadNames } from "./webhook.payloads.ts";

export function createPayloadNamesReader({ sql }: { sql: Sql }) {
  let universe: Promise<UniverseNames> | undefined;
  return async function readPayloadNames({ record }: { record: LiveRecord }): Promise<PayloadNames> {
    universe ??= loadUniverseNames({ sql }).catch((error: unknown) => {
      universe = undefined;
      throw error;
    });
    const statics = await universe;
    const keys = record.involvement.flatMap(({ kind, id }) => (isPlayerKind(kind) ? [{ kind, id }] : []));
    // resolveEntityNames, not the repository: NPC corporations (a rat's final blow) are named from the static data.
    const players = await resolveEntityNames({ sql, universe: statics, keys });
    return {
      typeName: (id) => statics.typeName(id),
      systemName: (id) => statics.systemName(id),
      systemSecurity: (id) => statics.system(id)?.security,
      regionName: (id) => statics.regionName(id),
      entityName: (kind, id) => players.knownName(kind, id),
    };
  };
}
