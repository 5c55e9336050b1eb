import type { Sql } from "../db/db.client.ts";
import { createBatchPriceLoader } from "../prices/prices.batch.ts";
import { loadUniverseLookup } from "../universe/universe.usecases.ts";
import { warmCelestials } from "../universe/celestials.bundle.ts";
import type { PaddingCandidate } from "./classification.models.ts";
import { deriveKillmail } from "./killmail.models.ts";
import { createKillmailRepository } from "./killmail.repository.ts";
import type { EsiKillmail } from "./killmail.schemas.ts";
import type { DerivedKillmail, KillmailContext, KillmailInput } from "./killmail.types.ts";

/** Adds to `into` every type a kill's valuation prices: the hull and each item, nested ones included. */
export function collectPricedTypeIds({ esi, into }: { esi: EsiKillmail; into: Set<number> }) {
  into.add(esi.victim.ship_type_id);
  const walk = (items: EsiKillmail["victim"]["items"]) => {
    for (const item of items ?? []) {
      into.add(item.item_type_id);
      walk(item.items);
    }
  };
  walk(esi.victim.items);
}

/**
 * Derives and stores killmails in batches. Static data is loaded once per processor; prices once per batch,
 * only for the types (and their build materials) and dates the batch needs.
 */
export async function createKillmailProcessor({ sql, onLatePartition }: { sql: Sql; onLatePartition?: (args: { month: string }) => void }) {
  const universe = await loadUniverseLookup({ sql });
  warmCelestials(); // the ~0.3 s synchronous gunzip, here rather than inside the first job
  const prices = await createBatchPriceLoader({ sql, typeOf: universe.typeOf });
  const killmailRepository = createKillmailRepository({ sql, onLatePartition });

  async function createContext(inputs: KillmailInput[]): Promise<KillmailContext> {
    const typeIds = new Set<number>();
    for (const input of inputs) collectPricedTypeIds({ esi: input.esi, into: typeIds });
    const resolver = await prices.loadResolver({ typeIds, killTimes: inputs.map((input) => new Date(input.esi.killmail_time)) });
    return { ...universe, priceOf: resolver.resolvePrice };
  }

  /**
   * Padding depends on kills already known: a first pass finds each kill's padding key, then kills whose key
   * is shared (stored, or earlier in the batch) are derived again with those kills in view.
   */
  async function deriveKillmails({ inputs }: { inputs: KillmailInput[] }): Promise<DerivedKillmail[]> {
    if (!inputs.length) return [];
    const context = await createContext(inputs);
    const first = inputs.map((input) => deriveKillmail({ input, context }));
    const padHashes = [...new Set(first.flatMap((killmail) => (killmail.padHash ? [killmail.padHash] : [])))];
    const known: PaddingCandidate[] = await killmailRepository.listPaddingCandidates({ padHashes });
    return first.map((killmail, index) => {
      if (!killmail.padHash) return killmail;
      const earlier = first.slice(0, index).filter((other) => other.padHash === killmail.padHash);
      const recentKills = [...known, ...earlier.map(({ killmailId, padHash }) => ({ killmailId, padHash }))];
      const shared = recentKills.some((other) => other.padHash === killmail.padHash && other.killmailId !== killmail.killmailId);
      return shared ? deriveKillmail({ input: inputs[index]!, context, recentKills }) : killmail;
    });
  }

  return {
    universe,
    deriveKillmails,
    /** Derives and stores a batch; duplicates (already stored, or twice in the batch) store nothing. */
    async storeKillmails({ inputs }: { inputs: KillmailInput[] }) {
      const killmails = await deriveKillmails({ inputs });
      return killmailRepository.storeKillmails({ killmails });
    },
    findExistingIds: killmailRepository.findExistingIds,
  };
}
