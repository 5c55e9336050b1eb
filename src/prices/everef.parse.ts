/**
 * EVE Ref market-history day files (`market-history-YYYY-MM-DD.csv[.bz2]`), parsed as a stream.
 *
 *   for await (const row of parseEverefDayFile({ stream, regions: new Set([10000002]), onBadLine })) …
 *   // row: { typeId, regionId, day: "YYYY-MM-DD", average, highest, lowest, volume, orderCount, httpLastModified? }
 *
 * Columns are read by header name, never by position: the files changed layout over the years (before 2018
 * `date,region_id,type_id,average,highest,lowest,volume,order_count`; later `lowest`/`highest` swapped; from
 * 2020-06-18 with `http_last_modified`; today's order is alphabetical). bzip2 input is recognised by its magic
 * bytes, so `.csv` and `.csv.bz2` go through the same call. A bad line is reported through `onBadLine` (line
 * number, reason) and skipped; only a file without the required header, or a broken bzip2 stream, throws.
 */
import { AppError } from "../app/errors.ts";
import { decompressBzip2, isBzip2 } from "./everef.bzip2.ts";
import { readEverefRow, type EverefColumns, type EverefHistoryRow } from "./everef.row.ts";

export type { EverefHistoryRow } from "./everef.row.ts";
export type EverefBadLine = { line: number; reason: string; text: string };
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

const REQUIRED_COLUMNS = ["date", "region_id", "type_id", "average", "highest", "lowest", "volume", "order_count"] as const;
/** A bad line's text is quoted in reports up to this length. */
const BAD_LINE_QUOTE_CHARS = 200;

export const createEverefFormatError = ({ message, name }: { message: string; name?: string }) =>
  new AppError({ code: "prices.everef_format", message: name ? `${name}: ${message}` : message, status: 422 });

/** The bytes as text-ready chunks: bzip2 is recognised by its first bytes and decompressed on the way. */
async function* peekAndDecompress({ stream }: { stream: ByteSource }): AsyncGenerator<Uint8Array> {
  const iterator = (stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* whole() {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  yield* isBzip2({ head: first.value }) ? decompressBzip2({ source: whole() }) : whole();
}

/** Splits decoded text on LF (dropping a CR before it); the last line need not end with a newline. */
export async function* splitLines({ stream }: { stream: ByteSource }): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let carry = "";
  for await (const chunk of peekAndDecompress({ stream })) {
    const parts = (carry + decoder.decode(chunk, { stream: true })).split("\n");
    carry = parts.pop()!;
    for (const part of parts) yield part.endsWith("\r") ? part.slice(0, -1) : part;
  }
  carry += decoder.decode();
  if (carry) yield carry.endsWith("\r") ? carry.slice(0, -1) : carry;
}

export const splitCsvFields = (line: string) => line.split(",").map((field) => field.trim().replace(/^"(.*)"$/, "$1"));

function readHeader({ line, name }: { line: string; name?: string }): EverefColumns {
  const names = splitCsvFields(line.replace(/^\uFEFF/, "").toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length) throw createEverefFormatError({ name, message: `not a market-history file: header lacks ${missing.join(", ")} (header: ${line.slice(0, BAD_LINE_QUOTE_CHARS)})` });
  const at = (column: string) => names.indexOf(column);
  const httpLastModified = at("http_last_modified");
  return {
    count: names.length,
    date: at("date"), regionId: at("region_id"), typeId: at("type_id"), average: at("average"), highest: at("highest"),
    lowest: at("lowest"), volume: at("volume"), orderCount: at("order_count"), httpLastModified: httpLastModified < 0 ? null : httpLastModified,
  };
}

export async function* parseEverefDayFile({ stream, lines, regions, onBadLine, name }: {
  /** The file's bytes, plain or bzip2. */
  stream?: ByteSource;
  /** Or its lines, already decoded (header first). */
  lines?: AsyncIterable<string> | Iterable<string>;
  /** Keep only these regions (others are skipped silently); all when absent. */
  regions?: ReadonlySet<number>;
  onBadLine?: (bad: EverefBadLine) => void;
  /** Names the file in errors. */
  name?: string;
}): AsyncGenerator<EverefHistoryRow> {
  const source = lines ?? (stream ? splitLines({ stream }) : null);
  if (!source) throw createEverefFormatError({ name, message: "nothing to parse: give a stream or lines" });
  let columns: EverefColumns | null = null;
  let lineNumber = 0;
  for await (const line of source) {
    lineNumber++;
    if (!line.trim()) continue;
    if (!columns) {
      columns = readHeader({ line, name });
      continue;
    }
    const read = readEverefRow({ fields: splitCsvFields(line), columns, regions });
    if (read.kind === "row") yield read.row;
    else if (read.kind === "bad") onBadLine?.({ line: lineNumber, reason: read.reason, text: line.slice(0, BAD_LINE_QUOTE_CHARS) });
  }
  if (!columns) throw createEverefFormatError({ name, message: "empty file: no header line" });
}
