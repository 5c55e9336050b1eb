/** `webhook list` as text or JSON: URLs and secrets only ever masked (webhook.models.ts). */
import { formatFilter, maskSecret, maskUrl } from "./webhook.models.ts";
import type { Webhook } from "./webhook.types.ts";

const when = (date: Date | null) => (date ? date.toISOString().slice(0, 19).replace("T", " ") : "never");

/** What `--json` prints: the stored row, the URL masked and the secret reduced to whether there is one. */
export function presentWebhook(webhook: Webhook) {
  const { secret, url, ...rest } = webhook;
  return { ...rest, url: maskUrl(url), secret: maskSecret(secret), filter: formatFilter(webhook.filter) };
}

export function formatWebhook(webhook: Webhook) {
  const state = webhook.enabled ? "enabled" : `DISABLED${webhook.disabledReason ? ` (${webhook.disabledReason})` : ""}`;
  return [
    `#${webhook.id}${webhook.name ? ` ${webhook.name}` : ""}  ${state}  ${webhook.format}  ${maskUrl(webhook.url)}`,
    `  filter: ${formatFilter(webhook.filter)}  secret: ${maskSecret(webhook.secret)}`,
    `  last status: ${webhook.lastStatus ?? "-"}  failures in a row: ${webhook.consecutiveFailures}  last attempt: ${when(webhook.lastAttemptAt)}`,
    `  last delivered: ${webhook.lastDeliveredSequence === null ? "none" : `sequence ${webhook.lastDeliveredSequence} at ${when(webhook.lastDeliveredAt)}`}`,
    ...(webhook.lastError ? [`  last error: ${webhook.lastError}`] : []),
  ].join("\n");
}

export const formatWebhookList = (webhooks: Webhook[]) => (webhooks.length ? webhooks.map(formatWebhook).join("\n") : "no webhooks (add one: killboard webhook add <url>)");
