import { defineCommand } from "citty";
import { formatFilter, maskUrl } from "../webhooks/webhook.models.ts";
import { formatWebhookList, presentWebhook } from "../webhooks/webhook.format.ts";
import { checkWebhookArgs, createWebhookUsecases, parseWebhookId } from "../webhooks/webhook.usecases.ts";
import { jsonArg } from "./role.args.ts";
import { runRole } from "./role.run.ts";

type Usecases = ReturnType<typeof createWebhookUsecases>;

async function withWebhooks(work: (usecases: Usecases) => Promise<void>) {
  await runRole({ tag: "webhook", db: { max: 2 }, run: ({ sql }) => work(createWebhookUsecases({ sql })) });
}

const add = defineCommand({
  meta: { name: "add", description: "Send matching kills to a URL as they are stored (Discord embed or signed JSON)" },
  args: {
    url: { type: "positional", description: "http(s) URL, e.g. a Discord channel's webhook URL", required: true },
    filter: { type: "string", description: "Which kills: JSON or the query string of /api/v1/killmails (default: all)", valueHint: "FILTER" },
    campaign: { type: "string", description: "Which kills: those of a campaign (see killboard campaign list), instead of --filter", valueHint: "ID" },
    format: { type: "string", description: "discord (an embed) or json ({type, sequence, data}, signed)", default: "discord", valueHint: "discord|json" },
    secret: { type: "string", description: "HMAC-SHA256 key for X-Killboard-Signature (required with --format json); - reads it from stdin", valueHint: "SECRET" },
    name: { type: "string", description: "A label for `webhook list`", valueHint: "NAME" },
    ...jsonArg(),
  },
  async run({ args }) {
    const secret = args.secret === "-" ? (await Bun.stdin.text()).trim() : args.secret;
    const input = checkWebhookArgs({ url: args.url, filter: args.filter, campaign: args.campaign, format: args.format, secret, name: args.name });
    await withWebhooks(async (usecases) => {
      const webhook = await usecases.addWebhook(input);
      if (args.json) return void console.log(JSON.stringify(presentWebhook(webhook)));
      console.log(`added webhook #${webhook.id}: ${webhook.format} to ${maskUrl(webhook.url)}, filter ${formatFilter(webhook.filter)}; kills after sequence ${webhook.afterSequence} (run killboard work to deliver)`);
    });
  },
});

const list = defineCommand({
  meta: { name: "list", description: "Webhooks and their delivery log (last status and error, failures in a row, last delivered kill)" },
  args: jsonArg(),
  async run({ args }) {
    await withWebhooks(async (usecases) => {
      const webhooks = await usecases.listWebhooks();
      console.log(args.json ? JSON.stringify(webhooks.map(presentWebhook)) : formatWebhookList(webhooks));
    });
  },
});

const idArg = { id: { type: "positional", description: "Webhook id (see webhook list)", required: true } } as const;

const remove = defineCommand({
  meta: { name: "remove", description: "Delete a webhook; its queued deliveries are dropped" },
  args: idArg,
  async run({ args }) {
    const id = parseWebhookId({ value: args.id });
    await withWebhooks(async (usecases) => {
      await usecases.removeWebhook({ id });
      console.log(`removed webhook #${id}`);
    });
  },
});

const enable = defineCommand({
  meta: { name: "enable", description: "Turn a disabled webhook back on (from the next kill; failures reset)" },
  args: idArg,
  async run({ args }) {
    const id = parseWebhookId({ value: args.id });
    await withWebhooks(async (usecases) => {
      const webhook = await usecases.enableWebhook({ id });
      console.log(`enabled webhook #${id}: kills after sequence ${webhook.afterSequence}`);
    });
  },
});

export default defineCommand({
  meta: { name: "webhook", description: "Manage outbound webhooks (delivered by killboard work)" },
  subCommands: { add, list, remove, enable },
});
