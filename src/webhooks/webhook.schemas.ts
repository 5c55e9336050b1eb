/**
 * What `webhook add` accepts. The filter is the live filter of `/api/v1/killmails` (live.schemas.ts), given as
 * JSON or as that endpoint's query string, so a filter copied from an API URL works unchanged.
 */
import { z } from "zod";
import { listZodProblems } from "../app/zod.ts";
import { campaignLiveFilterSchema, type CampaignLiveFilterQuery } from "../live/live.schemas.ts";
import { createWebhookInputError } from "./webhook.errors.ts";
import { WEBHOOK_FORMATS } from "./webhook.types.ts";

const webhookUrl = z.string().max(2_048, "must be at most 2048 characters").refine((value) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, "must be an http:// or https:// URL");

export const webhookInputSchema = z.strictObject({
  url: webhookUrl,
  format: z.enum(WEBHOOK_FORMATS).default("discord"),
  secret: z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)").max(256).regex(/^\S+$/, "must not contain spaces").optional(),
  name: z.string().trim().min(1).max(100).optional(),
}).refine((input) => input.format !== "json" || input.secret, { message: "is required with --format json: receivers verify the signature with it", path: ["secret"] });
export type WebhookInput = z.infer<typeof webhookInputSchema>;

/** A query string's keys; `label` is always a list (it repeats), any other key repeated is left a list for zod to refuse. */
function readQueryString(text: string) {
  const params = new URLSearchParams(text.replace(/^\?/, ""));
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = key === "label" || values.length > 1 ? values : values[0];
  }
  return out;
}

function readJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw createWebhookInputError({ message: `--filter is not valid JSON: ${(error as Error).message}` });
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw createWebhookInputError({ message: "--filter must be a JSON object or a query string" });
  const object = value as Record<string, unknown>;
  return typeof object.label === "string" ? { ...object, label: [object.label] } : object;
}

/** `--filter` text → the checked live filter; an error names the field (`--filter: entityId: ...`). */
export function parseWebhookFilter({ text }: { text: string | undefined }): CampaignLiveFilterQuery {
  const trimmed = (text ?? "").trim();
  const raw = !trimmed ? {} : /^[[{]/.test(trimmed) ? readJson(trimmed) : readQueryString(trimmed);
  const parsed = campaignLiveFilterSchema.safeParse(raw);
  if (!parsed.success) throw createWebhookInputError({ message: `--filter: ${listZodProblems({ error: parsed.error }).join("; ")}` });
  return parsed.data;
}

/** The other flags of `webhook add`, each problem named by its flag. */
export function parseWebhookInput(raw: { url: string; format?: string; secret?: string; name?: string }): WebhookInput {
  const parsed = webhookInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "url");
    return `${field === "url" ? "<URL>" : `--${field}`} ${issue.message}`;
  });
  throw createWebhookInputError({ message: problems.join("; ") });
}
