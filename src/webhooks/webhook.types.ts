/** A webhook as stored (migrations/00014_webhooks.sql) and what one delivery attempt came to. */
import type { CampaignLiveFilterQuery } from "../live/live.schemas.ts";

export const WEBHOOK_FORMATS = ["discord", "json"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export type Webhook = {
  id: number;
  name: string | null;
  url: string;
  format: WebhookFormat;
  /** The live filter, or `{campaign: <id>}`: that campaign's saved filter. */
  filter: CampaignLiveFilterQuery;
  secret: string | null;
  enabled: boolean;
  afterSequence: number;
  createdAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  consecutiveFailures: number;
  lastDeliveredSequence: number | null;
  lastDeliveredAt: Date | null;
  disabledReason: string | null;
  rateLimitedUntil: Date | null;
};

/**
 * What a receiver's answer means for the delivery: done; wait and send again without counting an attempt (429);
 * give up on this kill (any other 4xx); or fail the attempt so BullMQ retries with backoff (5xx, timeout, network).
 */
export type DeliveryOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "rate-limited"; status: number; delayMs: number }
  | { kind: "permanent"; status: number; reason: string }
  | { kind: "retry"; status: number | null; reason: string };
