/** The image cache (migration 00015). */
import type { Sql } from "../db/db.client.ts";

export type CachedImage = { status: 200 | 404; contentType: string | null; body: Uint8Array | null; etag: string | null; expiresAt: Date };

export function createImagesRepository({ sql }: { sql: Sql }) {
  return {
    /**
     * An image viewed after it expired is asked for again, which moves its expiry on: one still expired long after
     * nobody has viewed since. Counting views would cost a write per image served.
     */
    async purgeUnviewed({ expiredBefore }: { expiredBefore: Date }) {
      return (await sql`delete from image_cache where expires_at < ${expiredBefore}`).count;
    },
    async findImage({ path }: { path: string }): Promise<CachedImage | null> {
      const [row] = await sql<CachedImage[]>`select status, content_type, body, etag, expires_at from image_cache where path = ${path}`;
      return row ?? null;
    },
    async saveImage({ path, image, fetchedAt }: { path: string; image: CachedImage; fetchedAt: Date }) {
      await sql`
        insert into image_cache (path, status, content_type, body, etag, fetched_at, expires_at)
        values (${path}, ${image.status}, ${image.contentType}, ${image.body ? Buffer.from(image.body) : null}, ${image.etag}, ${fetchedAt}, ${image.expiresAt})
        on conflict (path) do update set status = excluded.status, content_type = excluded.content_type, body = excluded.body,
          etag = excluded.etag, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`;
    },
    /** A 304 from the image server: the kept image is good until `expiresAt`. */
    async extendImage({ path, expiresAt, fetchedAt }: { path: string; expiresAt: Date; fetchedAt: Date }) {
      await sql`update image_cache set expires_at = ${expiresAt}, fetched_at = ${fetchedAt} where path = ${path}`;
    },
  };
}
