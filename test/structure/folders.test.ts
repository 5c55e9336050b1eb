/**
 * The floor plan holds: imports between the folders of src/ point one way. A cycle through three or more folders,
 * or a mutual pair not listed in ALLOWED_MUTUAL_PAIRS with its reason, fails the suite. Type-only imports count:
 * they tie the folders' vocabularies just as much.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dir, "../../src");

/** Mutual folder pairs we accept, each with the reason. Empty today. */
const ALLOWED_MUTUAL_PAIRS: Record<string, string> = {};

const IMPORT = /(?:import|export)\s[^'";]*?from\s*["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']/gs;

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** A file's folder: the first part under src/ (the upstream emulator counts as its own). Top-level files: null. */
function folderOf(path: string): string | null {
  const parts = relative(SRC, path).split("/");
  if (parts.length === 1 || parts[0] === "..") return null;
  return parts[0] === "upstream" && parts[1] === "emulator" && parts.length > 2 ? "upstream/emulator" : parts[0]!;
}

function folderEdges(files: string[]) {
  const edges = new Set<string>();
  for (const file of files) {
    const from = folderOf(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const to = folderOf(resolve(dirname(file), (match[1] ?? match[2])!));
      if (from && to && from !== to) edges.add(`${from}>${to}`);
    }
  }
  return [...edges].map((edge) => edge.split(">") as [string, string]);
}

/** Strongly connected components (Tarjan) of the folder graph: a component of more than one folder is a cycle. */
function components(edges: [string, string][]) {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) {
    next.set(a, [...(next.get(a) ?? []), b]);
    if (!next.has(b)) next.set(b, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) visit(to);
      if (stack.includes(to)) low.set(node, Math.min(low.get(node)!, low.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = stack.splice(stack.indexOf(node));
    found.push(component.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return found;
}

const edges = folderEdges(listSources(SRC));

test("no import cycle runs through three or more folders of src/", () => {
  expect(components(edges).filter((component) => component.length > 2)).toEqual([]);
});

test("every pair of folders importing each other is an accepted one, with its reason", () => {
  const has = new Set(edges.map(([a, b]) => `${a}>${b}`));
  const mutual = edges.filter(([a, b]) => a < b && has.has(`${b}>${a}`)).map(([a, b]) => `${a} <-> ${b}`);
  expect(mutual.filter((pair) => !ALLOWED_MUTUAL_PAIRS[pair])).toEqual([]);
  expect(mutual.length).toBeLessThanOrEqual(2);
});

test("the check sees a cycle when there is one", () => {
  expect(components([["a", "b"], ["b", "c"], ["c", "a"], ["c", "d"]]).find((component) => component.length === 3)).toEqual(["a", "b", "c"]);
  expect(folderEdges(listSources(SRC)).length).toBeGreaterThan(20);
});
