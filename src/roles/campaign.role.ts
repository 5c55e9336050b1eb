import { defineCommand } from "citty";
import { campaignUrl } from "../campaigns/campaigns.present.ts";
import { parseCampaignInput } from "../campaigns/campaigns.schemas.ts";
import { createCampaign, listCampaigns } from "../campaigns/campaigns.usecases.ts";
import { jsonArg } from "./role.args.ts";
import { runRole } from "./role.run.ts";

const LIST_LIMIT = 1_000;

const create = defineCommand({
  meta: { name: "create", description: "Save a filter as a campaign with a public page at /campaign/<id>/" },
  args: {
    name: { type: "string", description: "The campaign's name", required: true, valueHint: "NAME" },
    filter: {
      type: "string", valueHint: "JSON",
      description: "entities [{kind,id}] or sides {a,b}; solarSystemIds/constellationIds/regionIds; from/to (ISO); labels; minValue/maxValue (default: everything)",
    },
    description: { type: "string", description: "A line shown under the name", valueHint: "TEXT" },
    ...jsonArg(),
  },
  async run({ args }) {
    // Checked before anything connects: a bad filter is one line and exit code 2, with no database needed.
    const input = parseCampaignInput({ name: args.name, description: args.description, filterText: args.filter ?? "" });
    await runRole({ tag: "campaign", db: { max: 2 }, run: async ({ sql }) => {
      const campaign = await createCampaign({ sql, input });
      if (args.json) return void console.log(JSON.stringify(campaign));
      console.log(`created campaign #${campaign.id} "${campaign.name}": ${campaignUrl(campaign.id)} (API /api/v1/campaigns/${campaign.id}, live {"campaign":${campaign.id}})`);
    } });
  },
});

const list = defineCommand({
  meta: { name: "list", description: "Campaigns, newest first" },
  args: jsonArg(),
  async run({ args }) {
    await runRole({ tag: "campaign", db: { max: 2 }, run: async ({ sql }) => {
      const campaigns = await listCampaigns({ sql, limit: LIST_LIMIT });
      if (args.json) return void console.log(JSON.stringify(campaigns));
      if (!campaigns.length) return void console.log("no campaigns (killboard campaign create --name … --filter '{…}')");
      for (const campaign of campaigns) console.log(`#${campaign.id}\t${campaign.name}\t${JSON.stringify(campaign.filter)}`);
    } });
  },
});

export default defineCommand({
  meta: { name: "campaign", description: "Manage campaigns (saved filters with a page, an API and a live feed)" },
  subCommands: { create, list },
});
