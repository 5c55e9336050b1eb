import { expect, test } from "bun:test";
import { EsiError } from "./esi.errors.ts";
import { createEsiMarketEndpoints } from "./esi.markets.ts";
import type { EsiAnswer, EsiRequest } from "./esi.transport.ts";

/** Answers every path with `body`, as the transport would hand it over. */
const answering = (body: unknown) => ({
  request: async <T>(_request: EsiRequest): Promise<EsiAnswer<T>> => ({ status: 200, data: body as T, headers: null, cached: false, emulated: null }),
});

test("a history body without ESI's required fields is an ESI error naming the field", async () => {
  const markets = createEsiMarketEndpoints(answering([{ date: "2026-01-01", average: 5, highest: 6, lowest: 4, volume: 10 }]));
  const error = await markets.getMarketHistory({ regionId: 10000002, typeId: 34 }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(EsiError);
  expect((error as EsiError).message).toContain("0.order_count");
});

test("a prices body that is not a list is refused", async () => {
  const markets = createEsiMarketEndpoints(answering({ error: "nope" }));
  await expect(markets.getMarketPrices()).rejects.toThrow(/unexpected body/);
});

test("prices keep what ESI sent: either price may be absent", async () => {
  const markets = createEsiMarketEndpoints(answering([{ type_id: 34, adjusted_price: 3.1 }, { type_id: 35 }]));
  expect((await markets.getMarketPrices()).prices).toEqual([{ type_id: 34, adjusted_price: 3.1 }, { type_id: 35 }]);
});
