/** What every resolver receives: the serve role's dependencies and this request's (or subscription's) loaders. */
import type { Logger } from "../app/log.ts";
import type { FeedsDeps } from "../feeds/feeds.deps.ts";
import type { PageDeps } from "../present/present.deps.ts";
import type { SearchBackend } from "../search/search.models.ts";
import { createGraphqlLoaders, type GraphqlLoaders } from "./graphql.loaders.ts";

export type GraphqlDeps = Pick<PageDeps, "sql" | "universe" | "now"> & {
  search: SearchBackend;
  logger: Logger;
  /** The live hub and sequence: without them (a web app made without feeds) subscriptions answer an error. */
  feeds?: FeedsDeps;
};

export type GraphqlContext = { deps: GraphqlDeps; loaders: GraphqlLoaders };

export const createGraphqlContext = ({ deps }: { deps: GraphqlDeps }): GraphqlContext =>
  ({ deps, loaders: createGraphqlLoaders({ sql: deps.sql, universe: deps.universe }) });
