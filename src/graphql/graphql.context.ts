/**
 * What every resolver receives: the serve role's dependencies, this request's loaders and its budget of costly
 * fields. A subscription keeps one context for hours, so each event renews both: names are read fresh (a pilot
 * named since the last event is no longer "Unknown") and every event gets the whole budget.
 */
import { GraphQLError } from "graphql";
import type { Logger } from "../app/log.ts";
import type { FeedsDeps } from "../feeds/feeds.deps.ts";
import type { PageDeps } from "../present/present.deps.ts";
import type { SearchBackend } from "../search/search.models.ts";
import { createGraphqlLoaders, type GraphqlLoaders } from "./graphql.loaders.ts";

/**
 * Fields that read their own SQL per parent (a list page, stats, top lists, price history) may run this many times
 * per request. armor's cost estimate cannot see list sizes, so without this `kills` under 200 attackers would be 200 queries.
 */
export const COSTLY_FIELDS_PER_REQUEST = 25;

/** `board` (BOARD_ENTITIES): `top` ranks pilots, corporations and alliances among its members, as the pages do. */
export type GraphqlDeps = Pick<PageDeps, "sql" | "universe" | "now" | "board"> & {
  search: SearchBackend;
  logger: Logger;
  /** The live hub and sequence: without them (a web app made without feeds) subscriptions answer an error. */
  feeds?: FeedsDeps;
};

export type GraphqlContext = {
  deps: GraphqlDeps;
  loaders: GraphqlLoaders;
  /** Spends one costly field, or refuses the field with QUERY_TOO_EXPENSIVE. */
  spend: (options: { field: string }) => void;
  /** A subscription's next event: fresh loaders, a full budget. */
  renew: () => void;
};

export function createGraphqlContext({ deps }: { deps: GraphqlDeps }): GraphqlContext {
  let spent = 0;
  const context: GraphqlContext = {
    deps,
    loaders: createGraphqlLoaders({ sql: deps.sql, universe: deps.universe }),
    spend({ field }) {
      if (++spent <= COSTLY_FIELDS_PER_REQUEST) return;
      throw new GraphQLError(`${field}: at most ${COSTLY_FIELDS_PER_REQUEST} list, stats or history fields per request; ask for fewer parents or page them`, {
        extensions: { code: "QUERY_TOO_EXPENSIVE" },
      });
    },
    renew() {
      spent = 0;
      context.loaders = createGraphqlLoaders({ sql: deps.sql, universe: deps.universe });
    },
  };
  return context;
}
