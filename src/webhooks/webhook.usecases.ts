/** Managing webhooks from the CLI: add, list, remove, enable. Deliveries are webhook.dispatcher/delivery's. */
import type { Sql } from "../db/db.client.ts";
import { createCampaignFilterLoader } from "../live/live.campaigns.ts";
import { createWebhookInputError, createWebhookNotFoundError } from "./webhook.errors.ts";
import { createWebhookRepository } from "./webhook.repository.ts";
import { parseWebhookFilter, parseWebhookInput } from "./webhook.schemas.ts";

export type AddWebhookArgs = { url: string; filter?: string; campaign?: string; format?: string; secret?: string; name?: string };

/** Checks everything before anything connects: a bad URL or filter fails without a database. `--campaign 7` is `--filter campaign=7`. */
export function checkWebhookArgs({ filter, campaign, ...flags }: AddWebhookArgs) {
  if (campaign !== undefined && filter !== undefined) throw createWebhookInputError({ message: "give --filter or --campaign, not both: a campaign is a whole filter" });
  const text = campaign === undefined ? filter : JSON.stringify({ campaign: /^\d{1,15}$/.test(campaign.trim()) ? Number(campaign) : campaign });
  return { ...parseWebhookInput(flags), filter: parseWebhookFilter({ text }) };
}

/** `webhook remove 12`: an id is a positive integer, anything else is unknown. */
export function parseWebhookId({ value }: { value: string }) {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1) throw createWebhookNotFoundError({ id: JSON.stringify(value) });
  return Number(value);
}

export function createWebhookUsecases({ sql }: { sql: Sql }) {
  const repository = createWebhookRepository({ sql });
  return {
    async addWebhook(input: ReturnType<typeof checkWebhookArgs>) {
      const { campaign } = input.filter;
      if (campaign !== undefined && !(await createCampaignFilterLoader({ sql })({ id: campaign }))) {
        throw createWebhookInputError({ message: `--campaign: no campaign ${campaign} (see killboard campaign list)` });
      }
      return repository.insertWebhook(input);
    },
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
