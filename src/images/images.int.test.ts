import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { inflateSync } from "node:zlib";
import { createLogger } from "../app/log.ts";
import { createEmulator } from "../upstream/emulator/emulator.ts";
import { createWebApp } from "../web/web.app.ts";
import { createWebDependencies } from "../web/web.setup.ts";
import { createTestDatabase } from "../../test/support/database.ts";
import { seedDatabase } from "../../test/e2e/seed.ts";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let seeded: Awaited<ReturnType<typeof seedDatabase>>;
let upstream: Awaited<ReturnType<Awaited<ReturnType<typeof createEmulator>>["start"]>>;
let emulator: Awaited<ReturnType<typeof createEmulator>>;
const logger = createLogger({ config: { LOG_LEVEL: "silent", LOG_FORMAT: "pretty" }, tag: "test" });
/** A port nothing listens on: the image server "unreachable", refused at once. */
const UNREACHABLE = "http://127.0.0.1:9";

async function appWith({ imageServerUrl, now }: { imageServerUrl: string; now?: () => Date }) {
  const deps = await createWebDependencies({
    sql: db.sql, config: { IMAGE_SERVER_URL: imageServerUrl }, logger, checks: {}, now,
    rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
  });
  return createWebApp({ deps });
}
const imageRequests = () => emulator.stats().byUpstream.images ?? 0;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedDatabase({ sql: db.sql });
  emulator = await createEmulator();
  upstream = await emulator.start({ port: 0 });
}, 60_000);
afterAll(async () => {
  await upstream.stop();
  await db.drop();
});

describe("/img/", () => {
  test("an image comes from the image server once, then from the cache; its bytes are a PNG of the asked size", async () => {
    const app = await appWith({ imageServerUrl: upstream.url });
    const first = await app.request("/img/types/587/render?size=128");
    expect([first.status, first.headers.get("content-type"), first.headers.get("x-image-source")]).toEqual([200, "image/png", "upstream"]);
    const bytes = new Uint8Array(await first.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect([...bytes.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join("")).toBe("PNG");
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([128, 128]);
    const idatLength = view.getUint32(33);
    expect(inflateSync(bytes.subarray(41, 41 + idatLength)).length).toBe(128 * (1 + 128 * 3));
    const asked = imageRequests();
    const again = await app.request("/img/types/587/render?size=128");
    expect([again.headers.get("x-image-source"), imageRequests()]).toEqual(["cache", asked]);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    expect(again.headers.get("cache-control")).toContain("max-age=86400");
  });

  test("with the image server unreachable, an entity gets its initials and a type its silhouette, at the asked size, never an error", async () => {
    const app = await appWith({ imageServerUrl: UNREACHABLE });
    const corporation = seeded.records[0]!.esi.victim.corporation_id as number;
    const logo = await app.request(`/img/corporations/${corporation}/logo?size=64`);
    expect([logo.status, logo.headers.get("content-type"), logo.headers.get("x-image-source")]).toEqual([200, "image/svg+xml; charset=utf-8", "placeholder"]);
    expect(await logo.text()).toContain(`>C${String(corporation)[0]}</text>`);
    expect(logo.headers.get("cache-control")).toContain("max-age=300");
    const hostile = await (await app.request(`/img/characters/${seeded.hostileCharacterId}/portrait?size=32`)).text();
    expect(hostile).not.toContain("<script>");
    const ship = await (await app.request("/img/types/587/icon?size=32")).text();
    expect(ship).toContain("<title>Rifter</title>");
    expect((await app.request("/img/types/587/sideways?size=32")).status).toBe(400);
  });

  test("an image the server answered is served stale rather than replaced by a placeholder while it is unreachable, and asked again with its ETag once reachable", async () => {
    let clock = Date.now();
    const now = () => new Date(clock);
    const reachable = await appWith({ imageServerUrl: upstream.url, now });
    const corporation = seeded.records[1]!.esi.victim.corporation_id as number;
    expect((await reachable.request(`/img/corporations/${corporation}/logo?size=32`)).headers.get("x-image-source")).toBe("upstream");
    clock += 2 * 86_400_000;
    const unreachable = await appWith({ imageServerUrl: UNREACHABLE, now });
    const stale = await unreachable.request(`/img/corporations/${corporation}/logo?size=32`);
    expect([stale.headers.get("content-type"), stale.headers.get("x-image-source"), stale.headers.get("cache-control")]).toEqual(["image/png", "cache", "public, max-age=300"]);
    const revalidated = await reachable.request(`/img/corporations/${corporation}/logo?size=32`);
    expect(revalidated.headers.get("x-image-source")).toBe("cache");
    expect(emulator.stats().byUpstreamStatus["images 304"]).toBeGreaterThanOrEqual(1);
  });

  test("an id the board does not know is drawn as a placeholder, neither fetched from the image server nor kept", async () => {
    const app = await appWith({ imageServerUrl: upstream.url });
    const asked = imageRequests();
    for (const path of ["/img/characters/9007199254740991/portrait?size=1024", "/img/types/999999999/icon?size=64"]) {
      const response = await app.request(path);
      expect([path, response.status, response.headers.get("x-image-source")]).toEqual([path, 200, "placeholder"]);
    }
    expect(imageRequests()).toBe(asked);
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from image_cache where path like '%9007199254740991%' or path like '%999999999%'`;
    expect(row!.count).toBe(0);
  });

  test("with no image server at all, every <img> on the front page, a kill page and an entity page answers 200", async () => {
    const app = await appWith({ imageServerUrl: UNREACHABLE });
    const record = seeded.records.find((candidate) => candidate.esi.victim.items?.length)!;
    const pages = ["/", `/kill/${record.killmail_id}/`, `/corporation/${record.esi.victim.corporation_id}/`, `/ship/${record.esi.victim.ship_type_id}/`];
    const sources = new Set<string>();
    for (const page of pages) {
      const html = await (await app.request(page)).text();
      for (const [, src] of html.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)) sources.add(src!.replaceAll("&amp;", "&"));
    }
    expect(sources.size).toBeGreaterThan(5);
    for (const src of sources) {
      expect(src.startsWith("/img/")).toBe(true);
      expect([src, (await app.request(src)).status]).toEqual([src, 200]);
    }
  });
});
