/** A stub speaking Typesense's documented HTTP API (collections, JSONL import with action=upsert, documents/search). */
export const API_KEY = "test-key";
type Doc = { id: string; kind: string; entity_id: number; name: string; ticker?: string };

export function startTypesenseStub() {
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

