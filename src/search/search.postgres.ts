import type { Sql } from "../db/db.client.ts";
import { rankResults, type SearchBackend } from "./search.models.ts";
import { createSearchRepository } from "./search.repository.ts";

export function createPostgresSearch({ sql }: { sql: Sql }): SearchBackend {
  const repository = createSearchRepository({ sql });
  return {
    name: "postgres",
    async search({ term, limit }) {
      const prefixed = await repository.findByPrefix({ term, limit });
      const ranked = rankResults({ results: prefixed, term, limit });
      if (ranked.length >= limit || term.length < 3) return ranked;
      const similar = await repository.findSimilar({ term, limit });
      return [...ranked, ...rankResults({ results: similar, term, limit }).filter((r) => !ranked.some((p) => p.kind === r.kind && p.id === r.id))].slice(0, limit);
    },
  };
}
