// A compiled binary cannot list directories: every static file is imported here.
import css from "./app.css" with { type: "file" };
// @ts-ignore -- a browser script embedded as a file, not a module TypeScript should resolve.
import js from "./app.js" with { type: "file" };
// @ts-ignore -- likewise: the live lists' script, loaded only by pages that carry a live list.
import liveJs from "./live.js" with { type: "file" };

export const staticFiles: Record<string, { path: string; type: string }> = {
  "app.css": { path: css, type: "text/css; charset=utf-8" },
  "app.js": { path: js as string, type: "text/javascript; charset=utf-8" },
  "live.js": { path: liveJs as string, type: "text/javascript; charset=utf-8" },
};
