import { createConsola, type ConsolaInstance, type LogObject } from "consola";
import type { Config } from "./config.ts";

const LEVELS: Record<Config["LOG_LEVEL"], number> = { silent: -999, error: 0, warn: 1, info: 3, debug: 4, trace: 5 };

const jsonReporter = {
  log(entry: LogObject) {
    const [first, ...rest] = entry.args;
    const line = {
      time: entry.date.toISOString(),
      level: entry.type,
      tag: entry.tag || undefined,
      msg: first instanceof Error ? first.message : typeof first === "string" ? first : JSON.stringify(first),
      ...(rest.length ? { data: rest } : {}),
      ...(first instanceof Error ? { stack: first.stack } : {}),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  },
};

/** Logs go to stderr so command output on stdout stays parseable. */
export function createLogger({ config, tag }: { config: Pick<Config, "LOG_LEVEL" | "LOG_FORMAT">; tag: string }): ConsolaInstance {
  const logger = createConsola({
    level: LEVELS[config.LOG_LEVEL],
    stderr: process.stderr,
    stdout: process.stderr,
    ...(config.LOG_FORMAT === "json" ? { reporters: [jsonReporter] } : {}),
  });
  return logger.withTag(tag);
}

export type Logger = ConsolaInstance;
