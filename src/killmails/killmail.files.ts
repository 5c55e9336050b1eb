/** Reads killmail files (.json, .jsonl, optionally gzipped) and directories of them, one entry per record. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../app/errors.ts";

export type KillmailEntry = { origin: { file: string; line?: number }; text: string };

const SUPPORTED = /\.(json|jsonl)(\.gz)?$/;

export function listKillmailFiles({ paths }: { paths: string[] }): string[] {
  return paths.flatMap((path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new Error(`no such file or directory: ${path}`);
    if (!stat.isDirectory()) return [path];
    return readdirSync(path, { recursive: true, encoding: "utf8" })
      .filter((name) => SUPPORTED.test(name))
      .sort()
      .map((name) => join(path, name));
  });
}

async function readText(file: string) {
  const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
  return new TextDecoder().decode(file.endsWith(".gz") ? Bun.gunzipSync(bytes) : bytes);
}

/** A .json file holds one record (or an array of them); a .jsonl file one record per line. */
export async function* readKillmailEntries({ files }: { files: string[] }): AsyncGenerator<KillmailEntry> {
  for (const file of files) {
    const text = await readText(file);
    if (/\.jsonl(\.gz)?$/.test(file)) {
      const lines = text.split("\n");
      for (let index = 0; index < lines.length; index++) {
        if (lines[index]!.trim()) yield { origin: { file, line: index + 1 }, text: lines[index]! };
      }
    } else if (text.trimStart().startsWith("[")) {
      yield* splitJsonArray({ file, text });
    } else yield { origin: { file }, text };
  }
}

function* splitJsonArray({ file, text }: { file: string; text: string }): Generator<KillmailEntry> {
  let items: unknown[];
  try {
    items = JSON.parse(text);
  } catch {
    yield { origin: { file }, text };
    return;
  }
  for (let index = 0; index < items.length; index++) yield { origin: { file, line: index + 1 }, text: JSON.stringify(items[index]) };
}

/**
 * The one killmail a `.json` text holds, parsed. Several (JSON lines, or an array of more than one) are refused
 * with a pointer to `killmail import`, which is made for them.
 */
export function parseOneKillmailJson({ text, origin }: { text: string; origin: string }): unknown {
  const several = (count: number) =>
    new AppError({ code: "killmail.several", message: `${origin} holds ${count} killmails; show takes one (use: killboard killmail import ${origin})`, status: 400 });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const lines = text.split("\n").filter((line) => line.trim());
    if (lines.length > 1 && isJson(lines[0]!)) throw several(lines.length);
    throw new AppError({ code: "killmail.invalid", message: `${origin} is not JSON: ${(error as Error).message}`, status: 400 });
  }
  if (!Array.isArray(json)) return json;
  if (json.length !== 1) throw several(json.length);
  return json[0];
}

function isJson(text: string) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
