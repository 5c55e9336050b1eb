/**
 * `/img/<category>/<id>/<variation>?size=`: the image server's paths under our origin, so every `<img>` on our pages
 * answers 200, from the cache or as a placeholder, whether or not the image server can be reached.
 */
import { Hono } from "hono";
import { createBadParameterError } from "../present/present.errors.ts";
import { parseImageRequest } from "./images.models.ts";
import type { ImageService } from "./images.usecases.ts";

export const IMAGE_ROUTE_PREFIX = "/img";

export function createImageRoutes({ images }: { images: ImageService }) {
  return new Hono().get(`${IMAGE_ROUTE_PREFIX}/:category/:id/:variation`, async (c) => {
    const parsed = parseImageRequest({ ...c.req.param(), size: c.req.query("size") });
    if ("problem" in parsed) throw createBadParameterError({ parameter: "image", problem: parsed.problem });
    const answer = await images.serve({ request: parsed.request });
    return c.body(answer.body as never, 200, { "Content-Type": answer.contentType, "Cache-Control": answer.cacheControl, "X-Image-Source": answer.source });
  });
}
