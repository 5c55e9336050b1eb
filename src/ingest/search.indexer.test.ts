import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { API_KEY, startTypesenseStub } from "../../test/support/typesense.stub.ts";
import { SEARCH_COLLECTION } from "../search/search.typesense.ts";
import { createSearchIndexer } from "./search.indexer.ts";

describe("enrichment search indexer", () => {
  let stub: ReturnType<typeof startTypesenseStub>;
  beforeAll(() => {
    stub = startTypesenseStub();
  });
  afterAll(() => stub.server.stop(true));

  test("upserts every named entity with its ticker and skips the ones ESI could not name", async () => {
    const index = createSearchIndexer({ url: stub.url, apiKey: API_KEY });
    await index([
      { entityKind: "character", entityId: 90000001, name: "Pilot One" },
      { entityKind: "corporation", entityId: 98000001, name: "Corp One", ticker: "C1" },
      { entityKind: "alliance", entityId: 99000001, name: null },
    ]);
    await index([{ entityKind: "character", entityId: 90000001, name: "Pilot Renamed" }]);
    const docs = stub.collections.get(SEARCH_COLLECTION)!.docs;
    expect([...docs.keys()].sort()).toEqual(["character:90000001", "corporation:98000001"]);
    expect(docs.get("character:90000001")?.name).toBe("Pilot Renamed");
    expect(docs.get("corporation:98000001")?.ticker).toBe("C1");
  });
});
