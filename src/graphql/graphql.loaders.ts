/**
 * DataLoaders, made per request (and per subscription event): every name, entity row, item list and sequence
 * number a query touches at one level of the tree is read in one statement, so a 50-kill page costs a handful of
 * queries however many of those it selects (the fields with SQL of their own are budgeted: graphql.context.ts).
 * The caches are bounded all the same: past the bound they start over.
 */
import DataLoader from "dataloader";
import type { Sql } from "../db/db.client.ts";
import { createKillmailReadRepository, type ItemRow } from "../killmails/killmail.read.repository.ts";
import { createLiveRepository } from "../live/live.repository.ts";
import { createNamesRepository, type EntityRow } from "../names/names.repository.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import type { PlayerKind } from "../vocabulary/entity-kinds.ts";

const CACHE_ENTRIES = 10_000;

/** A Map that empties itself when full: enough for DataLoader's cache, and a long subscription cannot grow it. */
function boundedCache<K, V>() {
  const map = new Map<K, V>();
  return {
    get: (key: K) => map.get(key),
    set(key: K, value: V) {
      if (map.size >= CACHE_ENTRIES) map.clear();
      map.set(key, value);
      return this;
    },
    delete: (key: K) => map.delete(key),
    clear: () => map.clear(),
  };
}

export type PlayerKey = { kind: PlayerKind; id: number };
export type KillmailKey = { killmailId: number; killmailTime: Date };
const playerKey = (key: PlayerKey) => `${key.kind}:${key.id}`;

export function createGraphqlLoaders({ sql, universe }: { sql: Sql; universe: UniverseNames }) {
  const names = createNamesRepository({ sql });
  const reads = createKillmailReadRepository({ sql });
  const live = createLiveRepository({ sql });
  return {
    /** A player's name and ticker ("Unknown #id" when enrichment has not named it yet; NPC corporations from the SDE). */
    names: new DataLoader<PlayerKey, { name: string; ticker: string | null }, string>(async (keys) => {
      const resolved = await resolveEntityNames({ sql, universe, keys: [...keys] });
      return keys.map(({ kind, id }) => ({ name: resolved.name(kind, id), ticker: resolved.ticker(kind, id) }));
    }, { cacheKeyFn: playerKey, cacheMap: boundedCache() }),

    /** A player entity's stored row (affiliations, details); null when the board has never seen it. */
    entities: new DataLoader<PlayerKey, EntityRow | null, string>(async (keys) => {
      const rows = new Map((await names.findEntities({ keys: [...keys] })).map((row) => [`${row.entityKind}:${row.entityId}`, row]));
      return keys.map((key) => rows.get(playerKey(key)) ?? null);
    }, { cacheKeyFn: playerKey, cacheMap: boundedCache() }),

    items: new DataLoader<KillmailKey, ItemRow[], number>(async (keys) => {
      const byKillmail = new Map<number, ItemRow[]>();
      for (const { killmailId, ...item } of await reads.listItemsOfKillmails({ keys: [...keys] })) {
        let list = byKillmail.get(killmailId);
        if (!list) byKillmail.set(killmailId, (list = []));
        list.push(item);
      }
      return keys.map((key) => byKillmail.get(key.killmailId) ?? []);
    }, { cacheKeyFn: (key) => key.killmailId, cacheMap: boundedCache() }),

    sequences: new DataLoader<number, number | null>(async (killmailIds) => {
      const rows = new Map((await live.findSequences({ killmailIds: [...killmailIds] })).map((row) => [row.killmailId, row.sequence]));
      return killmailIds.map((id) => rows.get(id) ?? null);
    }, { cacheMap: boundedCache() }),
  };
}
export type GraphqlLoaders = ReturnType<typeof createGraphqlLoaders>;
