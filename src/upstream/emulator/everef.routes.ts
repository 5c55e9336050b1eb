/**
 * EVE Ref's market-history files as data.everef.net lays them out (docs.everef.net "Market History"):
 * `/market-history/totals.json` ({"YYYY-MM-DD": rows}) and `/market-history/YYYY/market-history-YYYY-MM-DD.csv.bz2`,
 * from the same rows as the ESI history route, the header in the variant EVE Ref used at that date. Every file
 * mixes real and generated rows, so all answers say `X-Emulated: generated`. bzip2 comes from the system's
 * `bzip2` (no maintained, permissively licensed JS encoder exists; decoding needs none of this).
 */
import { Hono } from "hono";
import { listUtcDays } from "../../app/time.ts";
import type { EmulatorContext, EmulatorEnv } from "./emulator.context.ts";
import { marketData, type DayFileRow } from "./market.data.ts";
import { LRUCache } from "lru-cache";

/** EVE's release day: the emulated archive covers the whole game. */
export const EMULATED_HISTORY_FIRST_DAY = "2003-05-06";
const SWAPPED_FROM_DAY = "2018-01-01";
const MODIFIED_FROM_DAY = "2020-06-18";
const FILE_CACHE_ENTRIES = 32;

type Column = keyof DayFileRow | "http_last_modified";
/** The header EVE Ref's file of `day` has (shared/data/prices README; UPSTREAMS 3.3 for today's order). */
export function everefColumnsOf({ day }: { day: string }): Column[] {
  if (day < SWAPPED_FROM_DAY) return ["date", "region_id", "type_id", "average", "highest", "lowest", "volume", "order_count"];
  if (day < MODIFIED_FROM_DAY) return ["date", "region_id", "type_id", "average", "lowest", "highest", "volume", "order_count"];
  return ["average", "date", "highest", "lowest", "order_count", "volume", "http_last_modified", "region_id", "type_id"];
}

export function renderEverefDayFile({ day, rows }: { day: string; rows: DayFileRow[] }) {
  const columns = everefColumnsOf({ day });
  // EVE Ref fetched each day from ESI after the next downtime.
  const modified = `${new Date(Date.parse(`${day}T11:05:00Z`) + 86_400_000).toISOString().slice(0, 19)}Z`;
  const lines = rows.map((row) => columns.map((column) => (column === "http_last_modified" ? modified : row[column])).join(","));
  return `${[columns.join(","), ...lines].join("\n")}\n`;
}

export async function compressBzip2({ text }: { text: string }): Promise<Uint8Array<ArrayBuffer>> {
  const child = Bun.spawn(["bzip2", "-c", "-9"], { stdin: new TextEncoder().encode(text), stdout: "pipe", stderr: "pipe" });
  const [bytes, code] = await Promise.all([new Response(child.stdout).arrayBuffer(), child.exited]);
  if (code !== 0) throw new Error(`bzip2 exited ${code}: ${await new Response(child.stderr).text()}`);
  return new Uint8Array(bytes);
}

export function createEverefRoutes({ context }: { context: EmulatorContext }) {
  const app = new Hono<EmulatorEnv>();
  const files = new LRUCache<string, Promise<Uint8Array<ArrayBuffer>>>({ max: FILE_CACHE_ENTRIES });
  let totals: Record<string, number> | null = null;
  const lastDay = () => new Date(context.now() - 86_400_000).toISOString().slice(0, 10);
  const headers = { "x-emulated": "generated", "last-modified": new Date(context.startedAt).toUTCString() };

  app.get("/market-history/totals.json", async (c) => {
    const market = await marketData();
    totals ??= Object.fromEntries(listUtcDays({ from: EMULATED_HISTORY_FIRST_DAY, to: lastDay() }).map((day) => [day, market.countOfDay({ day })]));
    return c.json(totals, 200, headers);
  });

  app.get("/market-history/:year{[0-9]{4}}/:file{market-history-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.csv\\.bz2}", async (c) => {
    const day = c.req.param("file").slice("market-history-".length, -".csv.bz2".length);
    const valid = !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
    if (!valid || day.slice(0, 4) !== c.req.param("year") || day < EMULATED_HISTORY_FIRST_DAY || day > lastDay()) return c.text("Not Found", 404);
    if (!files.has(day)) {
      const made = marketData().then((market) => compressBzip2({ text: renderEverefDayFile({ day, rows: market.rowsOfDay({ day }) }) }));
      files.set(day, made.catch((error: unknown) => {
        files.delete(day);
        throw error;
      }));
    }
    const bytes = await files.get(day)!;
    return c.body(bytes, 200, { ...headers, "content-type": "application/x-bzip2" });
  });

  app.notFound((c) => c.text("Not Found", 404));
  return app;
}
