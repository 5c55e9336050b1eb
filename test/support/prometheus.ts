/**
 * Checks Prometheus exposition text (format 0.0.4) the way a scraper reads it. Every line is a HELP, a TYPE, a
 * comment, blank, or a sample `name{label="value",...} value`; names match [a-zA-Z_:][a-zA-Z0-9_:]*, label
 * names [a-zA-Z_][a-zA-Z0-9_]*; a family's TYPE comes before its samples and its lines are not interleaved with
 * another's; histogram buckets never decrease and end at le="+Inf" equal to _count. Where Debian's promtool is on
 * PATH (`apt-get install prometheus`), `promtool check metrics` judges the same text too (lint included).
 */
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/;
const LABEL_PAIR = /\s*([^=\s]+)\s*=\s*"((?:[^"\\]|\\[\\"n])*)"\s*(?:,|$)/y;
const SUFFIXES: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["", "_sum", "_count"], counter: [""], gauge: [""], untyped: [""] };

export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; help?: string; type?: string; samples: Sample[] };

function parseLabels({ text, line }: { text: string; line: string }) {
  const labels: Record<string, string> = {};
  LABEL_PAIR.lastIndex = 0;
  while (LABEL_PAIR.lastIndex < text.length) {
    const match = LABEL_PAIR.exec(text);
    if (!match) throw new Error(`bad labels in: ${line}`);
    if (!LABEL.test(match[1]!)) throw new Error(`bad label name ${match[1]} in: ${line}`);
    if (match[1]! in labels) throw new Error(`repeated label ${match[1]} in: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
  }
  return labels;
}

/** Prometheus reads values with Go's ParseFloat, which takes Inf and NaN in any case (prom-client writes `Nan`). */
function parseValue({ text, line }: { text: string; line: string }) {
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
  return value;
}

const familyOf = ({ name, families }: { name: string; families: Map<string, Family> }) => {
  for (const [familyName, family] of families) {
    if ((SUFFIXES[family.type ?? "untyped"] ?? [""]).some((suffix) => `${familyName}${suffix}` === name)) return family;
  }
  return undefined;
};

function checkHistograms({ families }: { families: Map<string, Family> }) {
  for (const family of families.values()) {
    if (family.type !== "histogram") continue;
    const series = new Map<string, Sample[]>();
    for (const sample of family.samples.filter((s) => s.name.endsWith("_bucket"))) {
      const { le, ...rest } = sample.labels;
      if (le === undefined) throw new Error(`${sample.name} has no le label`);
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      const counts = buckets.map((bucket) => bucket.value);
      if (counts.some((count, i) => i > 0 && count < counts[i - 1]!)) throw new Error(`${family.name}${key}: buckets decrease`);
      const last = buckets.at(-1)!;
      const total = family.samples.find((s) => s.name === `${family.name}_count` && JSON.stringify(s.labels) === key);
      if (last.labels.le !== "+Inf" || !total || total.value !== last.value) throw new Error(`${family.name}${key}: +Inf bucket must equal _count`);
    }
  }
}

/** Parses exposition text into families; throws naming the first line that breaks the format. */
export function parseExposition({ text }: { text: string }) {
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  let current: Family | undefined;
  const enter = (family: Family) => {
    if (current && current !== family) finished.add(current.name);
    if (finished.has(family.name)) throw new Error(`lines of ${family.name} are interleaved with another family's`);
    current = family;
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (meta) {
      const [, kind, name, rest = ""] = meta;
      if (!NAME.test(name!)) throw new Error(`bad metric name in: ${line}`);
      const family = families.get(name!) ?? { name: name!, samples: [] };
      families.set(name!, family);
      enter(family);
      if (kind === "TYPE") {
        if (family.type || family.samples.length) throw new Error(`TYPE of ${name} repeated or after its samples`);
        if (!TYPES.has(rest)) throw new Error(`unknown type in: ${line}`);
        family.type = rest;
      } else if (family.help !== undefined) throw new Error(`HELP of ${name} repeated`);
      else family.help = rest;
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const name = match[1]!;
    const family = familyOf({ name, families }) ?? families.get(name) ?? { name, samples: [] };
    families.set(family.name, family);
    enter(family);
    family.samples.push({ name, labels: parseLabels({ text: match[2] ?? "", line }), value: parseValue({ text: match[3]!, line }) });
  }
  checkHistograms({ families });
  return families;
}

/** promtool's verdict on `text`, or null when promtool is not installed. */
export function runPromtool({ text }: { text: string }) {
  const binary = Bun.which("promtool");
  if (!binary) return null;
  const result = Bun.spawnSync([binary, "check", "metrics"], { stdin: new TextEncoder().encode(text), stdout: "pipe", stderr: "pipe" });
  return { ok: result.exitCode === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

/** The value of the sample `name` whose labels include `labels`, or undefined. */
export function findSample({ families, name, labels = {} }: { families: Map<string, Family>; name: string; labels?: Record<string, string> }) {
  const samples = [...families.values()].flatMap((family) => family.samples);
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
}
