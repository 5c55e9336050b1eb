/**
 * Where EVE Ref market-history day files are: a directory (flat, or EVE Ref's `YYYY/` folders), one file, or a
 * base URL laid out as data.everef.net is (`<base>/YYYY/market-history-YYYY-MM-DD.csv.bz2`, with
 * `<base>/totals.json` = {"YYYY-MM-DD": rows} naming the days that exist; docs.everef.net "Market History").
 *
 *   const { files } = await listEverefDayFiles({ source: "https://data.everef.net/market-history", from: "2024-01-01" });
 *   for (const file of files) {
 *     const opened = await file.open(); // { stream, emulated } (emulated: the emulator's "generated", else null)
 *     for await (const row of parseEverefDayFile({ stream: opened!.stream, name: file.name })) …
 *   }
 *
 * Days come sorted, oldest first, within [from, to] (inclusive, either open). A server without totals.json is
 * walked day by day over [from, to], which then must both be given; a day it does not have is not an error
 * there (`optional: true`: `open` answers null on its 404). Fetch failures throw `prices.everef_fetch`.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { AppError, createFlagValueError } from "../app/errors.ts";
import { listUtcDays, parseUtcDay } from "../app/time.ts";

export type EverefDayFile = {
  day: string;
  /** The file name, for reports. */
  name: string;
  /** Its path or URL. */
  location: string;
  /** True when the listing guessed the file (no totals.json): a 404 then means "no such day", not an error. */
  optional: boolean;
  /**
   * Its bytes (plain or bzip2; the parser tells them apart), and the server's `X-Emulated` header (null from
   * EVE Ref and for local files: the upstream emulator marks its invented files). Null only for an optional
   * file that is missing.
   */
  open: (options?: { signal?: AbortSignal }) => Promise<{ stream: AsyncIterable<Uint8Array>; emulated: string | null } | null>;
};

/** Until the answer's headers arrive; the body then streams as fast as it comes. */
export const EVEREF_FETCH_TIMEOUT_MS = 30_000;
const FILE_PATTERN = /^market-history-(\d{4}-\d{2}-\d{2})\.csv(\.bz2)?$/;

export const createEverefFetchError = ({ url, message, cause }: { url: string; message: string; cause?: unknown }) =>
  new AppError({ code: "prices.everef_fetch", message: `${url}: ${message}`, status: 502, cause });

const inRange = ({ day, from, to }: { day: string; from?: string; to?: string }) => (!from || day >= from) && (!to || day <= to);

export function ensureDayRange({ from, to }: { from?: string; to?: string }) {
  for (const [flag, day] of [["from", from], ["to", to]] as const) {
    if (day !== undefined && parseUtcDay(day) === null) throw createFlagValueError({ message: `--${flag} "${day}" is not a YYYY-MM-DD day` });
  }
  if (from && to && from > to) throw createFlagValueError({ message: `--from ${from} is after --to ${to}` });
}

export async function fetchEverefBytes({ url, signal, timeoutMs = EVEREF_FETCH_TIMEOUT_MS, userAgent, missingIsNull = false }: {
  url: string; signal?: AbortSignal; timeoutMs?: number; userAgent?: string; missingIsNull?: boolean;
}): Promise<Response | null> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: userAgent ? { "User-Agent": userAgent } : {} });
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = timeout.aborted ? `no answer within ${timeoutMs} ms` : `cannot fetch (${(error as Error).message})`;
    throw createEverefFetchError({ url, message, cause: error });
  }
  if (response.status === 404 && missingIsNull) return null;
  if (!response.ok) throw createEverefFetchError({ url, message: response.status === 404 ? "not found (404)" : `HTTP ${response.status}` });
  return response;
}

function fileOf({ day, location, optional = false }: { day: string; location: string; optional?: boolean }): EverefDayFile {
  const remote = /^https?:\/\//i.test(location);
  return {
    day, location, optional, name: location.split("/").pop()!,
    async open({ signal } = {}) {
      if (!remote) return { stream: Bun.file(location).stream() as unknown as AsyncIterable<Uint8Array>, emulated: null };
      const response = await fetchEverefBytes({ url: location, signal, missingIsNull: optional });
      if (!response?.body) return null;
      return { stream: response.body as unknown as AsyncIterable<Uint8Array>, emulated: response.headers.get("x-emulated") };
    },
  };
}

async function listDirectory({ path }: { path: string }) {
  const names = (await readdir(path, { recursive: true })) as string[];
  const byDay = new Map<string, string>();
  for (const relative of names.sort()) {
    const match = FILE_PATTERN.exec(relative.split("/").pop()!);
    // A plain .csv beside its .bz2 is the same day unpacked: reading it costs no decompression.
    if (match && (!byDay.has(match[1]!) || !match[2])) byDay.set(match[1]!, join(path, relative));
  }
  return [...byDay].map(([day, location]) => fileOf({ day, location }));
}

async function listRemote({ base, from, to, signal }: { base: string; from?: string; to?: string; signal?: AbortSignal }) {
  const totalsUrl = `${base}/totals.json`;
  const response = await fetchEverefBytes({ url: totalsUrl, signal, missingIsNull: true });
  const urlOf = (day: string) => `${base}/${day.slice(0, 4)}/market-history-${day}.csv.bz2`;
  if (!response) {
    if (!from || !to) throw createEverefFetchError({ url: totalsUrl, message: "not found (404): without it, give both --from and --to" });
    return listUtcDays({ from, to }).map((day) => fileOf({ day, location: urlOf(day), optional: true }));
  }
  const totals = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!totals || typeof totals !== "object") throw createEverefFetchError({ url: totalsUrl, message: "is not a JSON object of days" });
  return Object.keys(totals).filter((day) => parseUtcDay(day) !== null && Number(totals[day]) > 0).map((day) => fileOf({ day, location: urlOf(day) }));
}

/** Lists the day files of `source` (a directory, a file, or a base URL) between `from` and `to`. */
export async function listEverefDayFiles({ source, from, to, signal }: { source: string; from?: string; to?: string; signal?: AbortSignal }) {
  ensureDayRange({ from, to });
  const single = FILE_PATTERN.exec(source.split("/").pop() ?? "");
  const remote = /^https?:\/\//i.test(source);
  const info = remote ? null : await stat(source).catch(() => null);
  let files: EverefDayFile[];
  if (single && (remote || info?.isFile())) files = [fileOf({ day: single[1]!, location: source })];
  else if (remote) files = await listRemote({ base: source.replace(/\/+$/, ""), from, to, signal });
  else {
    if (!info?.isDirectory()) throw new AppError({ code: "prices.everef_source", status: 400, message: `${source}: neither a directory, a market-history-YYYY-MM-DD.csv[.bz2] file nor an http(s) URL` });
    files = await listDirectory({ path: source });
  }
  return { files: files.filter((file) => inRange({ day: file.day, from, to })).sort((a, b) => a.day.localeCompare(b.day)) };
}
