/**
 * `/img/…`: an image of the EVE image server, from the cache while it is fresh, asked for again (with its ETag)
 * once it expires; a placeholder when the image server has none (404, kept a day) or cannot be reached (not kept,
 * so the next view asks again; a stale image, when there is one, beats a placeholder). Concurrent misses of one
 * image share one request.
 */
import { createRequestDeadline } from "../app/deadline.ts";
import type { Logger } from "../app/log.ts";
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames } from "../names/names.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { imagePath, keepSeconds, renderPlaceholder, type ImageRequest, type PlaceholderSubject } from "./images.models.ts";
import { createImagesRepository, type CachedImage } from "./images.repository.ts";

const FETCH_TIMEOUT_MS = 3_000;
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MISSING_KEEP_MS = 86_400_000;
/** Served images are immutable per path for browsers as long as the cache keeps them; placeholders are retried soon. */
const FOUND_CACHE_CONTROL = "public, max-age=86400";
const MISSING_CACHE_CONTROL = "public, max-age=3600";
const UNREACHABLE_CACHE_CONTROL = "public, max-age=300";

export type ImageDeps = { sql: Sql; universe: UniverseNames; imageServerUrl: string; logger: Logger; now: () => Date };
export type ImageAnswer = { body: Uint8Array | string; contentType: string; cacheControl: string; source: "cache" | "upstream" | "placeholder" };

type Upstream = { kind: "found"; image: CachedImage } | { kind: "unchanged"; expiresAt: Date } | { kind: "missing" } | { kind: "unreachable"; reason: string };
/** What a cached image may be: the image server's formats. An SVG (script-capable) from upstream is never replayed. */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif"]);

async function askImageServer({ deps, path, etag }: { deps: ImageDeps; path: string; etag: string | null }): Promise<Upstream> {
  const deadline = createRequestDeadline({ ms: FETCH_TIMEOUT_MS });
  try {
    const response = await fetch(`${deps.imageServerUrl.replace(/\/+$/, "")}/${path}`, { headers: etag ? { "If-None-Match": etag } : {}, signal: deadline.signal });
    const keepUntil = () => new Date(deps.now().getTime() + keepSeconds({ cacheControl: response.headers.get("cache-control") }) * 1000);
    if (response.status === 304) return { kind: "unchanged", expiresAt: keepUntil() };
    if (response.status === 404) return { kind: "missing" };
    const contentType = response.headers.get("content-type") ?? "";
    const declared = Number(response.headers.get("content-length") ?? 0);
    if (!response.ok || !IMAGE_TYPES.has(contentType.split(";")[0]!.trim()) || declared > MAX_IMAGE_BYTES) {
      await response.body?.cancel();
      return { kind: "unreachable", reason: `HTTP ${response.status} ${contentType} ${declared} bytes` };
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_IMAGE_BYTES) return { kind: "unreachable", reason: `${body.byteLength} bytes` };
    return { kind: "found", image: { status: 200, contentType, body, etag: response.headers.get("etag"), expiresAt: keepUntil() } };
  } catch (error) {
    return { kind: "unreachable", reason: (error as Error).message };
  } finally {
    deadline.clear();
  }
}

async function placeholderSubject({ deps, request }: { deps: ImageDeps; request: ImageRequest }): Promise<PlaceholderSubject> {
  if (request.category === "types") {
    const type = deps.universe.type(request.id);
    return { kind: "type", categoryId: type?.categoryId ?? null, label: deps.universe.typeName(request.id) };
  }
  const kind = ({ characters: "character", corporations: "corporation", alliances: "alliance" } as const)[request.category];
  const names = await resolveEntityNames({ sql: deps.sql, universe: deps.universe, keys: [{ kind, id: request.id }] });
  return { kind: "entity", name: names.knownName(kind, request.id) ?? null, round: kind !== "character" };
}

const found = ({ image, source, cacheControl = FOUND_CACHE_CONTROL }: { image: CachedImage; source: ImageAnswer["source"]; cacheControl?: string }): ImageAnswer =>
  ({ body: image.body!, contentType: image.contentType ?? "image/png", cacheControl, source });

export function createImageService({ deps }: { deps: ImageDeps }) {
  const repository = createImagesRepository({ sql: deps.sql });
  const inFlight = new Map<string, Promise<ImageAnswer>>();

  /** `subject` when the caller has read it already (one names query, not two). */
  async function placeholder({ request, cacheControl, subject }: { request: ImageRequest; cacheControl: string; subject?: PlaceholderSubject }): Promise<ImageAnswer> {
    const svg = renderPlaceholder({ subject: subject ?? (await placeholderSubject({ deps, request })), size: request.size });
    return { body: svg, contentType: "image/svg+xml; charset=utf-8", cacheControl, source: "placeholder" };
  }

  async function refresh({ request, path, cached }: { request: ImageRequest; path: string; cached: CachedImage | null }): Promise<ImageAnswer> {
    const answer = await askImageServer({ deps, path, etag: cached?.status === 200 ? cached.etag : null });
    const fetchedAt = deps.now();
    if (answer.kind === "found") {
      await repository.saveImage({ path, image: answer.image, fetchedAt });
      return found({ image: answer.image, source: "upstream" });
    }
    if (answer.kind === "unchanged" && cached?.status === 200) {
      await repository.extendImage({ path, expiresAt: answer.expiresAt, fetchedAt });
      return found({ image: cached, source: "cache" });
    }
    if (answer.kind === "missing") {
      await repository.saveImage({ path, image: { status: 404, contentType: null, body: null, etag: null, expiresAt: new Date(fetchedAt.getTime() + MISSING_KEEP_MS) }, fetchedAt });
      return placeholder({ request, cacheControl: MISSING_CACHE_CONTROL });
    }
    deps.logger.debug(`image server: ${path}: ${answer.kind === "unreachable" ? answer.reason : answer.kind}; answering ${cached?.status === 200 ? "the stale image" : "a placeholder"}`);
    if (cached?.status === 200) return found({ image: cached, source: "cache", cacheControl: UNREACHABLE_CACHE_CONTROL });
    return placeholder({ request, cacheControl: UNREACHABLE_CACHE_CONTROL });
  }

  /**
   * Only ids the board knows reach the image server and the cache: the SDE's types, the players it has met (those
   * with a name). Any other id (a client can ask for 2^53 of them) gets a placeholder that is neither fetched nor kept.
   */
  async function unknownSubject({ request }: { request: ImageRequest }): Promise<PlaceholderSubject | null> {
    if (request.category === "types") return deps.universe.has.type(request.id) ? null : placeholderSubject({ deps, request });
    const subject = await placeholderSubject({ deps, request });
    return subject.kind === "entity" && subject.name !== null ? null : subject;
  }

  return {
    async serve({ request }: { request: ImageRequest }): Promise<ImageAnswer> {
      const path = imagePath(request);
      const cached = await repository.findImage({ path });
      if (cached && cached.expiresAt > deps.now()) {
        return cached.status === 200 ? found({ image: cached, source: "cache" }) : placeholder({ request, cacheControl: MISSING_CACHE_CONTROL });
      }
      // A kept image was known when it was kept; a new one is asked for only if the board knows the id.
      const unknown = cached ? null : await unknownSubject({ request });
      if (unknown) return placeholder({ request, cacheControl: UNREACHABLE_CACHE_CONTROL, subject: unknown });
      let pending = inFlight.get(path);
      if (!pending) {
        pending = refresh({ request, path, cached }).finally(() => inFlight.delete(path));
        inFlight.set(path, pending);
      }
      return pending;
    },
  };
}
export type ImageService = ReturnType<typeof createImageService>;
