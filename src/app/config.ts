/**
 * The only reader of the environment. Parsed once, all problems reported together, before anything connects.
 * Precedence: process environment, then `.env` in the working directory, then the defaults below (which match
 * what `scripts/dev` starts on loopback).
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { createConfigError } from "./errors.ts";
import { listZodProblems } from "./zod.ts";

/** CCP's image server; `serve`'s callers without a parsed config (tests, benchmarks) fall back to it too. */
export const DEFAULT_IMAGE_SERVER_URL = "https://images.evetech.net";

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(" or ")})`);

export const configSchema = z.object({
  DATABASE_URL: url(["postgres:", "postgresql:"])
    .default("postgres://killboard@127.0.0.1:5432/killboard")
    .describe("PostgreSQL connection string"),
  DATABASE_READ_URL: url(["postgres:", "postgresql:"]).optional()
    .describe("A streaming replica of DATABASE_URL: `serve` reads pages and the API from it while it keeps up; writes, logins and the account page stay on DATABASE_URL; unset = everything on DATABASE_URL"),
  DATABASE_READ_MAX_LAG_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000)
    .describe("A read replica further behind than this (or unreachable) is left until it catches up: reads go to DATABASE_URL meanwhile"),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379/0").describe("Redis connection string"),
  TYPESENSE_URL: url(["http:", "https:"]).optional().describe("Typesense server; unset = search runs on PostgreSQL"),
  TYPESENSE_API_KEY: z.string().optional().describe("Typesense API key (secret)"),
  ADMIN_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)")
    .optional()
    .describe("Token for /admin and /admin/queues on `serve` (secret); unset = no admin pages (404)"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe("HTTP port of `serve`"),
  WS_PORT: z.coerce.number().int().min(1).max(65535).default(3001).describe("WebSocket port of `ws`"),
  PUBLIC_WS_URL: url(["ws:", "wss:"]).optional()
    .describe("`ws`'s /ws/v1 as browsers reach it (wss://… behind TLS, or another host); unset = the page's host at WS_PORT"),
  PUBLIC_URL: url(["http:", "https:"]).default("http://localhost:3000")
    .describe("The site's public address: links the live feeds and webhooks send (zKillboard `littlekill` urls, `/ws/v1` gap messages, Discord embeds) point here; may carry a path"),
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(100)
    .describe("WebSocket connections one client address may hold open on one `ws` process (answered 429 past it)"),
  WS_SEND_BUFFER_BYTES: z.coerce.number().int().min(16_384).default(4_194_304)
    .describe("Bytes a WebSocket client may leave unread before `ws` drops it (EVE-KILL clients see close 1013)"),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0)
    .describe("Operations port of serve, work, listen and cron (/metrics, /health, /ready; 9464 on Fly); 0 = off; `--metrics-port` overrides it per process"),
  LOG_LEVEL: z.enum(["silent", "error", "warn", "info", "debug", "trace"]).default("info").describe("Log verbosity"),
  LOG_FORMAT: z.enum(["pretty", "json"]).default("pretty").describe("pretty for terminals, json lines for machines"),
  ESI_BASE_URL: url(["http:", "https:"]).default("https://esi.evetech.net").describe("ESI base URL"),
  IMAGE_SERVER_URL: url(["http:", "https:"]).default(DEFAULT_IMAGE_SERVER_URL)
    .describe("EVE image server that `serve`'s /img/ fetches from and caches (the emulator in the sandbox); unreachable = placeholders"),
  R2Z2_BASE_URL: url(["http:", "https:"])
    .default("https://r2z2.zkillboard.com")
    .describe("zKillboard R2Z2 base URL (live sequence and history files)"),
  REDISQ_URL: url(["http:", "https:"])
    .default("https://zkillredisq.stream/listen.php")
    .describe("zKillboard RedisQ listen.php URL"),
  ZKILLBOARD_API_URL: url(["http:", "https:"]).default("https://zkillboard.com/api")
    .describe("zKillboard's API (`…/allianceID/<id>/page/<n>/`): where `backfill board` and a board's reconcile jobs read BOARD_ENTITIES' history"),
  REDISQ_QUEUE_ID: z.string().min(1).default("killboard-local").describe("RedisQ queueID identifying this client"),
  EKWS_URL: url(["ws:", "wss:"]).default("wss://eve-kill.com/ws/killmails").describe("EVE-KILL WebSocket URL"),
  TRUST_PROXY_HEADER: z
    .stringbool()
    .default(false)
    .describe("true only behind Fly's proxy: the API rate limit keys clients by Fly-Client-IP instead of the socket address"),
  ESI_USER_AGENT: z
    .string()
    .min(1)
    .default("killboard/0.1 (+https://github.com/killboard/killboard)")
    .describe("User-Agent sent to ESI and zKillboard"),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/, "letters, digits, _ and - only")
    .default("killboard")
    .describe("BullMQ key prefix in Redis; processes sharing one set of queues must agree on it"),
  RECONCILE_DAYS: z.coerce.number().int().min(1).max(90).default(7)
    .describe("How many recent UTC days (today included) the hourly gap reconciliation compares with zKillboard's totals"),
  LIVE_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7)
    .describe("How far back the resumable live feeds reach (/api/v1/stream, /feed/*, /ephemeral/): older sequence numbers get a gap event or a 404"),
  PRICE_REGIONS: z.string().regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, "must be comma-separated region ids, e.g. 10000002,10000043")
    .default("10000002")
    .transform((value) => [...new Set(value.split(",").map((entry) => Number(entry.trim())))])
    .describe("Regions `prices import everef` and `prices fetch esi` store history for (comma-separated); items are valued from The Forge (10000002)"),
  BOARD_ENTITIES: z.string()
    .regex(/^\s*(character|corporation|alliance):[1-9]\d{0,14}\s*(,\s*(character|corporation|alliance):[1-9]\d{0,14}\s*)*$/,
      "must be comma-separated kind:id pairs, kind one of character, corporation, alliance (e.g. alliance:99000001,corporation:98000001)")
    .optional()
    .transform((value) => value === undefined ? undefined : [...new Map(value.split(",").map((entry) => {
      const [kind, id] = entry.trim().split(":") as ["character" | "corporation" | "alliance", string];
      return [`${kind}:${id}`, { kind, id: Number(id) }] as const;
    })).values()])
    .describe("Make this a board of these entities (`alliance:99000001,corporation:98000001,character:90000001`): listeners and workers keep only their kills and losses, `backfill board` fetches their history, the front page sums them up and top lists rank their members; unset = every kill"),
  CRON_SCHEDULES: z.string().optional()
    .describe("Override cron schedules: `job=pattern;job=pattern` (croner patterns with seconds, UTC); `job=off` disables a job"),
  WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20)
    .describe("A webhook is disabled after this many failed deliveries in a row (`killboard webhook enable` turns it back on)"),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000)
    .describe("First retry delay of a failed webhook delivery; each further retry waits twice as long"),
  EVE_CLIENT_ID: z.string().min(1).optional()
    .describe("Client id of the board's application on developers.eveonline.com; unset = no login (the post page still works)"),
  EVE_CLIENT_SECRET: z.string().min(1).optional().describe("That application's secret key (secret)"),
  EVE_CALLBACK_URL: url(["http:", "https:"]).optional()
    .describe("The application's callback URL as registered with EVE: this board's /auth/callback, e.g. https://kb.example.com/auth/callback"),
  SSO_BASE_URL: url(["http:", "https:"]).default("https://login.eveonline.com")
    .describe("EVE SSO (its /.well-known/oauth-authorization-server names every endpoint); the emulator in the sandbox"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional()
    .describe("Signs session and form (CSRF) cookies (secret); required with EVE_CLIENT_ID; unset without login = a random one per process (the /post/ form)"),
  TOKEN_ENCRYPTION_KEY: z.string()
    .regex(/^[\w-]+:[A-Za-z0-9+/]{43}=(,[\w-]+:[A-Za-z0-9+/]{43}=)*$/, "must be id:base64-32-bytes[,id:base64-32-bytes…], e.g. k1:$(openssl rand -base64 32)")
    .optional()
    .describe("AES-256-GCM keys for refresh tokens at rest (secret): `id:base64`, the first encrypts, all decrypt (rotation: put the new key first)"),
  SSO_SYNC_MINUTES: z.coerce.number().int().min(5).max(1440).default(15)
    .describe("How often each logged-in character's (and director's corporation's) recent killmails are fetched from ESI"),
  CLOCK_URL: url(["http:", "https:"]).optional()
    .refine((value) => !value || ["127.0.0.1", "localhost", "[::1]"].includes(new URL(value).hostname), "must be on loopback: only a local emulator may move the board's clock")
    .describe("Sandbox and tests only: follow the clock of an emulator's /_emulator/clock (its offset) instead of this machine's"),
  // Battle detection (src/battles/); the defaults are EVE-KILL's rules.
  BATTLE_SEGMENT_MINUTES: z.coerce.number().int().min(1).max(60).default(5)
    .describe("Battle detection: kills are counted per system in segments of this many minutes"),
  BATTLE_MIN_KILLS: z.coerce.number().int().min(2).max(1000).default(5)
    .describe("Battle detection: a segment with at least this many kills in one system is active (a battle is going on)"),
  BATTLE_QUIET_SEGMENTS: z.coerce.number().int().min(1).max(48).default(6)
    .describe("Battle detection: this many segments in a row without activity end a battle"),
  BATTLE_MIN_DAMAGE_SHARE: z.coerce.number().min(0).max(1).default(0.05)
    .describe("Battle sides: attackers who dealt less than this share of a kill's damage are not taken as having shot the victim"),
}).superRefine((config, context) => {
  // Without one secret shared by every serve machine, forms answer 403 and sessions vanish between machines.
  if (config.EVE_CLIENT_ID && !config.SESSION_SECRET) context.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required when EVE_CLIENT_ID is set (login needs it)" });
});

export type Config = z.infer<typeof configSchema>;
export type ConfigKey = keyof Config;
export type ConfigSource = "default" | "env" | ".env";

const SECRET_KEYS: ConfigKey[] = ["TYPESENSE_API_KEY", "ADMIN_TOKEN", "EVE_CLIENT_SECRET", "SESSION_SECRET", "TOKEN_ENCRYPTION_KEY"];

export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, value = ""] = match;
    values[key!] = value.replace(/^(['"])(.*)\1$/, "$2");
  }
  return values;
}

function readDotenvFile(path: string): Record<string, string> {
  return existsSync(path) ? parseDotenv(readFileSync(path, "utf8")) : {};
}

/** Builds the config from explicit inputs so tests need no process state. */
export function loadConfig({
  env = process.env,
  dotenv = readDotenvFile(".env"),
}: { env?: Record<string, string | undefined>; dotenv?: Record<string, string> } = {}) {
  const keys = Object.keys(configSchema.shape) as ConfigKey[];
  const raw: Record<string, string> = {};
  const sources = {} as Record<ConfigKey, ConfigSource>;
  for (const key of keys) {
    // Bun copies .env into process.env itself; an equal value there still came from the file.
    const fromEnv = env[key];
    const fromFile = dotenv[key];
    if (fromEnv !== undefined && fromEnv !== "" && fromEnv !== fromFile) {
      raw[key] = fromEnv;
      sources[key] = "env";
    } else if (fromFile !== undefined && fromFile !== "") {
      raw[key] = fromFile;
      sources[key] = ".env";
    } else sources[key] = "default";
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw createConfigError({ problems: listZodProblems({ error: parsed.error }) });
  }
  return { config: parsed.data, sources };
}

function redactUrl(value: string) {
  try {
    const parsed = new URL(value);
    if (!parsed.password) return value;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    return value;
  }
}

/** A list value as it would be written in the environment (BOARD_ENTITIES' entries are `kind:id`). */
const formatListEntry = (entry: unknown) =>
  typeof entry === "object" && entry !== null && "kind" in entry && "id" in entry ? `${entry.kind}:${entry.id}` : String(entry);

export function describeConfig({ config, sources }: { config: Config; sources: Record<ConfigKey, ConfigSource> }) {
  return (Object.keys(configSchema.shape) as ConfigKey[]).map((key) => {
    const value = config[key];
    const shown =
      value === undefined ? "" : SECRET_KEYS.includes(key) ? "***" : typeof value === "string" ? redactUrl(value) : Array.isArray(value) ? value.map(formatListEntry).join(",") : String(value);
    return { key, value: shown, source: sources[key], description: configSchema.shape[key].description ?? "" };
  });
}
