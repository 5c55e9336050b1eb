/**
 * Queue names and priorities. BullMQ serves a lower priority number first; live feeds must overtake a running
 * backfill so a fresh kill is on the board in seconds while history trickles in behind it.
 */
export const KILLMAIL_QUEUE = "killmails";
export const ENRICHMENT_QUEUE = "enrichment";
export const WEBHOOK_QUEUE = "webhooks";
export const QUEUE_NAMES = [KILLMAIL_QUEUE, ENRICHMENT_QUEUE, WEBHOOK_QUEUE] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Default BullMQ key prefix; tests pass their own so files never share keys. */
export const DEFAULT_QUEUE_PREFIX = "killboard";

export const PRIORITY = { HIGH: 1, NORMAL: 10, LOW: 100 } as const;

/** BullMQ rejects ':' and bare numbers in job ids; one id per killmail makes three deliveries one job. */
export const killmailJobId = (killmailId: number) => `km-${killmailId}`;
/** One delivery per webhook and kill: a dispatcher that re-enqueues a batch after a crash adds nothing. */
export const webhookJobId = ({ webhookId, sequence }: { webhookId: number; sequence: number }) => `wh-${webhookId}-${sequence}`;
