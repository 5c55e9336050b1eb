/**
 * ESI's market routes, validated (shared/data/esi/openapi.json @ 2026-08-04). Neither route names an
 * `x-rate-limit` group, so only the global error limit applies; both are cacheable: `/markets/prices/` for
 * 3600 s, `/markets/{region_id}/history/` until the next 11:05 UTC (its description: "expires daily at 11:05").
 *
 *   const { days, emulated, marketType } = await esi.getMarketHistory({ regionId: 10000002, typeId: 34 });
 *   const { prices, emulated } = await esi.getMarketPrices();
 *
 * A type ESI has no market for answers 404 "Type not found": that is returned as `days: []` with
 * `marketType: false` (a lookup result, not a failure), while a type that exists but never traded in the
 * region answers `[]` with `marketType: true`. `emulated` is the upstream emulator's `X-Emulated` header
 * (null from the real ESI): "generated" for invented history, "derived" when only average and volume are real.
 */
import { z } from "zod";
import { EsiError } from "./esi.errors.ts";
import type { EsiAnswer, EsiRequest } from "./esi.transport.ts";

export const marketHistoryDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  average: z.number().nonnegative(),
  highest: z.number().nonnegative(),
  lowest: z.number().nonnegative(),
  volume: z.number().int().nonnegative(),
  order_count: z.number().int().nonnegative(),
});
export const marketPriceSchema = z.object({
  type_id: z.number().int().positive(),
  average_price: z.number().optional(),
  adjusted_price: z.number().optional(),
});

export type MarketHistoryDay = z.infer<typeof marketHistoryDaySchema>;
export type MarketPrice = z.infer<typeof marketPriceSchema>;

/** A body that does not have ESI's documented shape is a failed answer, like a 5xx: nothing of it is used. */
function ensureShape<T>({ schema, data, path }: { schema: z.ZodType<T>; data: unknown; path: string }): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new EsiError({ httpStatus: 200, path, message: `unexpected body: ${issue?.path.join(".") || "(root)"} ${issue?.message ?? ""}`.trim() });
}

export function createEsiMarketEndpoints({ request }: { request: <T>(request: EsiRequest) => Promise<EsiAnswer<T>> }) {
  return {
    async getMarketHistory({ regionId, typeId, signal }: { regionId: number; typeId: number; signal?: AbortSignal }) {
      const path = `/markets/${regionId}/history/?type_id=${typeId}`;
      try {
        const answer = await request<unknown>({ path, cache: true, signal });
        const days = ensureShape({ schema: z.array(marketHistoryDaySchema), data: answer.data, path });
        return { days, emulated: answer.emulated ?? null, marketType: true };
      } catch (error) {
        if (error instanceof EsiError && error.httpStatus === 404) return { days: [] as MarketHistoryDay[], emulated: null, marketType: false };
        throw error;
      }
    },
    async getMarketPrices({ signal }: { signal?: AbortSignal } = {}) {
      const path = "/markets/prices/";
      const answer = await request<unknown>({ path, cache: true, signal });
      return { prices: ensureShape({ schema: z.array(marketPriceSchema), data: answer.data, path }), emulated: answer.emulated ?? null };
    },
  };
}
