/**
 * The Typesense adapter against a stub speaking Typesense's documented HTTP API (collections, JSONL import with
 * action=upsert, documents/search), since no Typesense server can be installed here.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTypesenseClient, createTypesenseSearch, reindexSearchDocuments, SEARCH_COLLECTION, upsertSearchDocuments } from "./search.typesense.ts";
import { API_KEY, startTypesenseStub } from "../../test/support/typesense.stub.ts";


describe("Typesense search", () => {
  let stub: ReturnType<typeof startTypesenseStub>;
  beforeAll(() => {
    stub = startTypesenseStub();
  });
  afterAll(() => stub.server.stop(true));

  test("upserting creates the collection once and replaces documents by kind and id", async () => {
    const client = createTypesenseClient({ url: stub.url, apiKey: API_KEY });
    await upsertSearchDocuments({ client, documents: [
      { kind: "corporation", id: 98000001, name: "Goonswarm Federation Old", ticker: "CONDI" },
      { kind: "system", id: 30000142, name: "Jita" },
    ] });
    const result = await upsertSearchDocuments({ client, documents: [{ kind: "corporation", id: 98000001, name: "Goonswarm Federation", ticker: "CONDI" }] });
    expect(result).toEqual({ upserted: 1 });
    const collection = stub.collections.get(SEARCH_COLLECTION)!;
    expect(collection.docs.size).toBe(2);
    expect(collection.docs.get("corporation:98000001")?.name).toBe("Goonswarm Federation");
    expect(stub.requests.filter((url) => url.pathname === "/collections" ).length).toBe(1);
  });

  test("searching asks for typo-tolerant prefix matches on name and ticker and maps hits to board links", async () => {
    const search = createTypesenseSearch({ url: stub.url, apiKey: API_KEY });
    const results = await search.search({ term: "condi", limit: 5 });
    expect(results).toEqual([{ kind: "corporation", id: 98000001, name: "Goonswarm Federation", ticker: "CONDI", url: "/corporation/98000001/" }]);
    const request = stub.requests.findLast((url) => url.pathname.endsWith("/documents/search"))!;
    expect(request.searchParams.get("query_by")).toBe("name,ticker");
    expect(request.searchParams.get("prefix")).toBe("true");
    expect(request.searchParams.get("num_typos")).toBe("2");
  });

  test("a reindex upserts every name the database knows, in batches", async () => {
    const client = createTypesenseClient({ url: stub.url, apiKey: API_KEY });
    const rows = [{ kind: "system", id: 30000142, name: "Jita", ticker: null }, { kind: "alliance", id: 99000001, name: "Test Alliance", ticker: "TEST" }];
    const sql = (() => Promise.resolve(rows)) as never;
    expect(await reindexSearchDocuments({ sql, client })).toEqual({ upserted: 2 });
    expect(stub.collections.get(SEARCH_COLLECTION)!.docs.get("alliance:99000001")?.ticker).toBe("TEST");
  });

  test("a wrong API key is an error, not an empty result", async () => {
    const search = createTypesenseSearch({ url: stub.url, apiKey: "wrong" });
    await expect(search.search({ term: "jita", limit: 5 })).rejects.toThrow();
  });
});
