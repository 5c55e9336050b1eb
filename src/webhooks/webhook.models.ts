/**
 * Pure rules of webhook delivery: what a receiver's answer means, how long Discord asks us to wait, how a body
 * is signed, and how URLs and secrets are masked for display (a Discord webhook URL is its own credential).
 */
import { createHmac } from "node:crypto";
import { killmailMatchFields } from "../api/api.schemas.ts";
import type { CampaignLiveFilterQuery } from "../live/live.schemas.ts";
import type { DeliveryOutcome } from "./webhook.types.ts";

/** The longest wait a 429 may ask for; a longer one is clamped (and then retried, never dropped). */
export const MAX_RETRY_AFTER_MS = 3_600_000;
/** A 429 that names no wait: Discord's buckets reset within about a second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** How much of a receiver's error body is kept in the delivery log. */
const REASON_CHARS = 200;

const maskPart = (part: string) => (part.length > 12 ? `${part.slice(0, 4)}…` : part);

/** Origin and path with every long segment (ids, tokens) cut to 4 characters; no user, password or query shown. */
export function maskUrl(url: string) {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.split("/").map((part) => maskPart(decodeURIComponent(part))).join("/");
    return `${parsed.protocol}//${parsed.host}${path}${parsed.search ? "?…" : ""}`;
  } catch {
    return "(invalid URL)";
  }
}

export const maskSecret = (secret: string | null) => (secret ? `set (${secret.length} chars)` : "none");

/** Replaces the URL wherever an error message repeats it (fetch errors may), so logs never carry the token. */
export const scrubUrl = ({ text, url }: { text: string; url: string }) => (url ? text.split(url).join(maskUrl(url)) : text);

/** Discord's wait: `retry_after` seconds in the JSON body, else the Retry-After header (seconds or an HTTP date). */
export function readRetryAfterMs({ bodyText, headers, now }: { bodyText: string; headers: Headers; now: number }) {
  let seconds: number | undefined;
  try {
    const value = (JSON.parse(bodyText) as { retry_after?: unknown }).retry_after;
    if (typeof value === "number" && Number.isFinite(value)) seconds = value;
  } catch {
    // Not JSON: the header decides.
  }
  const header = headers.get("retry-after");
  if (seconds === undefined && header) {
    seconds = /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header) : (Date.parse(header) - now) / 1000;
  }
  const ms = seconds === undefined || !Number.isFinite(seconds) ? DEFAULT_RETRY_AFTER_MS : Math.ceil(seconds * 1000);
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

const reasonOf = ({ status, bodyText }: { status: number; bodyText: string }) => {
  const text = bodyText.replace(/\s+/g, " ").trim().slice(0, REASON_CHARS);
  return `HTTP ${status}${text ? `: ${text}` : ""}`;
};

/** A 429 waits, a redirect or any other 4xx is this delivery's end (the request itself is wrong), the rest are retried. */
export function classifyResponse({ status, bodyText, headers, now }: { status: number; bodyText: string; headers: Headers; now: number }): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: "delivered", status };
  if (status === 429) return { kind: "rate-limited", status, delayMs: readRetryAfterMs({ bodyText, headers, now }) };
  // A redirect is not followed (it would turn the POST into a GET elsewhere): the URL needs fixing, like a 404.
  if (status >= 300 && status < 500) return { kind: "permanent", status, reason: `${reasonOf({ status, bodyText })}${status < 400 ? " (redirects are not followed)" : ""}` };
  return { kind: "retry", status, reason: reasonOf({ status, bodyText }) };
}

/** `sha256=<hex>` of HMAC-SHA256 over the exact bytes sent, GitHub's convention, so the usual verifiers fit. */
export const signBody = ({ secret, body }: { secret: string; body: string }) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** The filter as the query string of `/api/v1/killmails` (what `webhook list` shows); `role=any` is the default. */
export function formatFilter(filter: CampaignLiveFilterQuery) {
  const params = new URLSearchParams();
  // In the API's own order: jsonb hands keys back sorted by length.
  for (const key of [...Object.keys(killmailMatchFields), "campaign"]) {
    const value = filter[key as keyof CampaignLiveFilterQuery];
    if (value === undefined || (key === "role" && value === "any")) continue;
    for (const item of [value].flat()) params.append(key, String(item));
  }
  return params.toString() || "(everything)";
}
