/** The names a Discord embed shows: static ones loaded once per process, players' read per delivery. */
import type { Sql } from "../db/db.client.ts";
import { createNamesRepository } from "../names/names.repository.ts";
import { loadUniverseNames, type UniverseNames } from "../universe/universe.names.ts";
import type { LiveRecord } from "../live/live.types.ts";
import type { PayloadNames } from "./webhook.payloads.ts";

const PLAYER_KINDS = new Set(["character", "corporation", "alliance"]);

export function createPayloadNamesReader({ sql }: { sql: Sql }) {
  const names = createNamesRepository({ sql });
  let universe: Promise<UniverseNames> | undefined;
  return async function readPayloadNames({ record }: { record: LiveRecord }): Promise<PayloadNames> {
    universe ??= loadUniverseNames({ sql }).catch((error: unknown) => {
      universe = undefined;
      throw error;
    });
    const keys = record.involvement.filter((entry) => PLAYER_KINDS.has(entry.kind)).map(({ kind, id }) => ({ kind, id }));
    const [statics, rows] = await Promise.all([universe, names.findEntityNames({ keys })]);
    const players = new Map(rows.map((row) => [`${row.entityKind}:${row.entityId}`, row.name ?? undefined]));
    return {
      typeName: (id) => statics.typeName(id),
      systemName: (id) => statics.systemName(id),
      systemSecurity: (id) => statics.system(id)?.security,
      regionName: (id) => statics.regionName(id),
      entityName: (kind, id) => players.get(`${kind}:${id}`),
    };
  };
}
