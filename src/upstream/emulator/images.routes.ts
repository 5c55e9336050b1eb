/**
 * The EVE image server's paths (`/<category>/<id>/<variation>?size=`), answered with a generated PNG of the asked
 * size: a flat colour drawn from the id, the same on every request, with a day's Cache-Control and an ETag as a
 * CDN would send. The sandbox's pages then have images, and `serve`'s image cache has something to keep.
 */
import { deflateSync } from "node:zlib";
import { Hono } from "hono";
import { mixHash } from "../../killmails/killmail.synthetic.ts";
import type { EmulatorEnv } from "./emulator.context.ts";

export const IMAGE_PATH = /^\/(types|characters|corporations|alliances)\/\d+\/(icon|render|bp|bpc|portrait|logo)$/;
const SIZES = new Set([32, 64, 128, 256, 512, 1024]);
const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, data: Uint8Array) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, Bun.hash.crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A `size`×`size` RGB PNG of one colour. */
export function solidPng({ size, rgb }: { size: number; rgb: [number, number, number] }) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method variants, no interlace
  const row = new Uint8Array(1 + size * 3);
  for (let x = 0; x < size; x++) row.set(rgb, 1 + x * 3);
  const raw = new Uint8Array(row.length * size);
  for (let y = 0; y < size; y++) raw.set(row, y * row.length);
  const parts = [PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", new Uint8Array(deflateSync(raw))), chunk("IEND", new Uint8Array())];
  const png = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) (png.set(part, at), (at += part.length));
  return png;
}

export function createImageRoutes() {
  const app = new Hono<EmulatorEnv>();
  app.get("/:category/:id/:variation", (c) => {
    const size = Number(c.req.query("size") ?? 64);
    if (!SIZES.has(size)) return c.text("size must be one of 32, 64, 128, 256, 512, 1024", 400);
    const id = Number(c.req.param("id"));
    const mixed = mixHash(7, id, c.req.param("variation").length);
    const rgb: [number, number, number] = [64 + (mixed & 127), 64 + ((mixed >> 8) & 127), 64 + ((mixed >> 16) & 127)];
    const etag = `"${c.req.param("category")}-${id}-${c.req.param("variation")}-${size}"`;
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, { ETag: etag });
    return c.body(solidPng({ size, rgb }), 200, { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400", ETag: etag });
  });
  return app;
}
