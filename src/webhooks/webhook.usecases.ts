/** Managing webhooks from the CLI: add, list, remove, enable. Deliveries are webhook.dispatcher/delivery's. */
import type { Sql } from "../db/db.client.ts";
import { createWebhookNotFoundError } from "./webhook.errors.ts";
import { createWebhookRepository } from "./webhook.repository.ts";
import { parseWebhookFilter, parseWebhookInput } from "./webhook.schemas.ts";

export type AddWebhookArgs = { url: string; filter?: string; format?: string; secret?: string; name?: string };

/** Checks everything before anything connects: a bad URL or filter fails without a database. */
export function checkWebhookArgs({ filter, ...flags }: AddWebhookArgs) {
  return { ...parseWebhookInput(flags), filter: parseWebhookFilter({ text: filter }) };
}

/** `webhook remove 12`: an id is a positive integer, anything else is unknown. */
export function parseWebhookId({ value }: { value: string }) {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1) throw createWebhookNotFoundError({ id: JSON.stringify(value) });
  return Number(value);
}

export function createWebhookUsecases({ sql }: { sql: Sql }) {
  const repository = createWebhookRepository({ sql });
  return {
    addWebhook: (input: ReturnType<typeof checkWebhookArgs>) => repository.insertWebhook(input),
    listWebhooks: () => repository.listWebhooks(),
    async removeWebhook({ id }: { id: number }) {
      if (!(await repository.deleteWebhook({ id }))) throw createWebhookNotFoundError({ id });
    },
    async enableWebhook({ id }: { id: number }) {
      const webhook = await repository.enableWebhook({ id });
      if (!webhook) throw createWebhookNotFoundError({ id });
      return webhook;
    },
  };
}
