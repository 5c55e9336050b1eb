/**
 * Static assets are served under a content hash (`/static/app.<hash>.css`) with a one-year immutable cache:
 * a new build changes the URL, so browsers never hold a stale file.
 */
import { Hono } from "hono";
import { staticFiles } from "../../static/index.ts";

export type StaticAssets = Awaited<ReturnType<typeof loadStaticAssets>>;

export async function loadStaticAssets() {
  const byUrl = new Map<string, { body: Uint8Array; type: string; etag: string }>();
  const urls = new Map<string, string>();
  for (const [name, file] of Object.entries(staticFiles)) {
    const body = new Uint8Array(await Bun.file(file.path).arrayBuffer());
    const hash = new Bun.CryptoHasher("sha1").update(body).digest("hex").slice(0, 12);
    const dot = name.lastIndexOf(".");
    const url = `/static/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
    urls.set(name, url);
    byUrl.set(url, { body, type: file.type, etag: `"${hash}"` });
  }
  return {
    urlOf: (name: string) => urls.get(name) ?? `/static/${name}`,
    find: (url: string) => byUrl.get(url),
  };
}

export function createStaticRoutes({ assets }: { assets: StaticAssets }) {
  return new Hono().get("/:file", (c) => {
    const file = assets.find(new URL(c.req.url).pathname);
    if (!file) return c.text("Not found", 404);
    if (c.req.header("if-none-match") === file.etag) return c.body(null, 304);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": file.type,
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: file.etag,
    });
  });
}
