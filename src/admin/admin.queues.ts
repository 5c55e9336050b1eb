/**
 * bull-board at /admin/queues, with its UI served from files embedded in the binary (bull-board.assets.ts):
 * @bull-board/hono would read its page template and static files from node_modules, which a compiled binary
 * does not have. The page template is still rendered by the adapter (EJS); only where it is read from changes.
 */
import { basename, dirname } from "node:path";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { AppViewRoute } from "@bull-board/api/typings/app";
import { HonoAdapter } from "@bull-board/hono";
import type { Queue } from "bullmq";
import type { MiddlewareHandler } from "hono";
import { bullBoardFiles, bullBoardIndex } from "./bull-board.assets.ts";

export const ADMIN_QUEUES_PATH = "/admin/queues";

/** Serves `static/*` from the embedded files; the adapter passes how to turn a request path into a file name. */
function serveEmbedded({ rewriteRequestPath = (path: string) => path }: { rewriteRequestPath?: (path: string) => string }): MiddlewareHandler {
  return async (c, next) => {
    const path = bullBoardFiles[rewriteRequestPath(c.req.path).replace(/^\/+/, "")];
    if (!path) return next();
    const file = Bun.file(path);
    return c.body(await file.arrayBuffer(), 200, { "Content-Type": file.type });
  };
}

class EmbeddedHonoAdapter extends HonoAdapter {
  constructor() {
    super(serveEmbedded as unknown as ConstructorParameters<typeof HonoAdapter>[0]);
  }

  override setViewsPath() {
    return super.setViewsPath(dirname(bullBoardIndex));
  }

  /** The embedded template's name carries a content hash in the binary; the route asks for `index.ejs`. */
  override setEntryRoute(route: AppViewRoute) {
    return super.setEntryRoute({ ...route, handler: (params) => ({ ...route.handler(params), name: basename(bullBoardIndex) }) });
  }
}

/** The dashboard as a Hono app to mount at ADMIN_QUEUES_PATH; authentication is the caller's. */
export function createQueueBoard({ queues, readOnly = false }: { queues: Queue[]; readOnly?: boolean }) {
  const adapter = new EmbeddedHonoAdapter();
  adapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: readOnly })),
    serverAdapter: adapter,
    // Anything but undefined: the default resolves @bull-board/ui on disk, which the binary has not.
    options: { uiBasePath: "/embedded/bull-board-ui", uiConfig: { boardTitle: "killboard queues" } },
  });
  return adapter.registerPlugin();
}
