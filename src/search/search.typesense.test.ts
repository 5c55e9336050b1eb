/**
 * The Typesense adapter against a stub speaking Typesense's documented HTTP API (collections, JSONL import with
 * action=upsert, documents/search), since no Typesense server can be installed here.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTypesenseClient, createTypesenseSearch, reindexSearchDocuments, SEARCH_COLLECTION, upsertSearchDocuments } from "./search.typesense.ts";

const API_KEY = "test-key";
type Doc = { id: string; kind: string; entity_id: number; name: string; ticker?: string };

function startTypesenseStub() {
  const collections = new Map<string, { schema: Record<string, unknown>; docs: Map<string, Doc> }>();
  const requests: URL[] = [];
  const server = Bun.serve({
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      requests.push(url);
      if (request.headers.get("x-typesense-api-key") !== API_KEY) {
        return Response.json({ message: "Forbidden - a valid `x-typesense-api-key` header must be sent." }, { status: 401 });
      }
      const [, first, name, third, action] = url.pathname.split("/");
      if (first !== "collections") return Response.json({ message: "Not Found" }, { status: 404 });
      if (!name && request.method === "POST") {
        const schema = await request.json() as { name: string };
        collections.set(schema.name, { schema, docs: new Map() });
        return Response.json({ ...schema, num_documents: 0, created_at: 1 }, { status: 201 });
      }
      const collection = collections.get(name!);
      if (!collection) return Response.json({ message: `Collection not found` }, { status: 404 });
      if (!third) return Response.json({ ...collection.schema, num_documents: collection.docs.size });
      if (action === "import" && request.method === "POST") {
        const lines = (await request.text()).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Doc);
        for (const doc of lines) collection.docs.set(doc.id, doc);
        return new Response(lines.map(() => JSON.stringify({ success: true })).join("\n"), { headers: { "Content-Type": "text/plain" } });
      }
      if (action === "search") {
        const q = (url.searchParams.get("q") ?? "").toLowerCase();
        const hits = [...collection.docs.values()]
          .filter((doc) => doc.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(q)) || doc.ticker?.toLowerCase() === q)
          .map((document) => ({ document, highlights: [], text_match: 100 }));
        return Response.json({ facet_counts: [], found: hits.length, hits, out_of: collection.docs.size, page: 1,
          request_params: { collection_name: name, per_page: Number(url.searchParams.get("per_page")), q }, search_time_ms: 0 });
      }
      return Response.json({ message: "Not Found" }, { status: 404 });
    },
  });
  return { server, collections, requests, url: `http://127.0.0.1:${server.port}` };
}

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
