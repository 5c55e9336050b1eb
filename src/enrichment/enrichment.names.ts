/**
 * Batched name resolution. `POST /universe/names` takes up to 1000 ids but answers 404 "Ensure all IDs are
 * valid before resolving." when any one of them is unknown (UPSTREAMS c.2), so a failing batch is split in
 * halves until the bad ids are isolated: k bad ids cost about 2·k·log2(n) requests, not n.
 */
import { EsiError } from "../esi/esi.errors.ts";
import type { UniverseName } from "../esi/esi.endpoints.ts";

export const ESI_NAMES_BATCH_MAX = 1_000;

export async function resolveNames({ ids, postNames }: {
  ids: number[];
  postNames: (args: { ids: number[] }) => Promise<UniverseName[]>;
}): Promise<{ names: UniverseName[]; unknownIds: number[] }> {
  const names: UniverseName[] = [];
  const unknownIds: number[] = [];
  async function resolve(batch: number[]): Promise<void> {
    if (!batch.length) return;
    try {
      names.push(...(await postNames({ ids: batch })));
    } catch (error) {
      if (!(error instanceof EsiError && error.httpStatus === 404)) throw error;
      if (batch.length === 1) return void unknownIds.push(batch[0]!);
      const half = Math.ceil(batch.length / 2);
      await resolve(batch.slice(0, half));
      await resolve(batch.slice(half));
    }
  }
  for (let start = 0; start < ids.length; start += ESI_NAMES_BATCH_MAX) await resolve(ids.slice(start, start + ESI_NAMES_BATCH_MAX));
  return { names, unknownIds };
}
