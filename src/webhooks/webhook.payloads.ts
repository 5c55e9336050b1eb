/**
 * The two bodies a webhook can receive, built from one live record (pure: names come in as lookups).
 * Discord's: one embed (discord.com/developers/docs/resources/message#embed-object; field values take
 * markdown links). Ours: the `/ws/v1` message, `{"type":"killmail","sequence":n,"data":<ESI body + zkb>}`.
 */
import type { LiveRecord } from "../live/live.types.ts";
import { v1KillmailFrame } from "../live/ws.v1.ts";
import { formatIsk, formatSecurity } from "../present/present.format.ts";
import { absoluteUrl, entityUrl, killUrl } from "../present/present.urls.ts";

type EsiParty = { character_id?: number; corporation_id?: number; alliance_id?: number; faction_id?: number; ship_type_id?: number; final_blow?: boolean };
type EsiBody = { victim: EsiParty; attackers: EsiParty[] };

export type PayloadNames = {
  typeName: (id: number) => string;
  systemName: (id: number) => string;
  systemSecurity: (id: number) => number | undefined;
  regionName: (id: number) => string;
  /** A character's, corporation's or alliance's name, when enrichment has stored it. */
  entityName: (kind: "character" | "corporation" | "alliance", id: number) => string | undefined;
};

/** Discord's red for a loss, as an embed colour integer. */
const EMBED_COLOR = 0xb0272e;
const IMAGE_SERVER = "https://images.evetech.net";

/** The exact bytes a `/ws/v1` socket receives, so a signature over the body matches the stream's message. */
export const buildJsonPayload = ({ record }: { record: LiveRecord }) => v1KillmailFrame({ record });

/** "[Name](url)", the most specific known player of a side: character, else corporation, else alliance. */
function describeParty({ party, names, publicUrl }: { party: EsiParty; names: PayloadNames; publicUrl: string }) {
  const kinds = [["character", party.character_id], ["corporation", party.corporation_id], ["alliance", party.alliance_id]] as const;
  const [kind, id] = kinds.find(([, value]) => value) ?? [];
  if (!kind || !id) return party.ship_type_id ? names.typeName(party.ship_type_id) : "Unknown";
  return `[${names.entityName(kind, id) ?? `${kind[0]!.toUpperCase()}${kind.slice(1)} #${id}`}](${absoluteUrl({ publicUrl, path: entityUrl(kind, id) })})`;
}

export function buildDiscordPayload({ record, names, publicUrl }: { record: LiveRecord; names: PayloadNames; publicUrl: string }) {
  const esi = JSON.parse(record.esiText) as EsiBody;
  const ship = names.typeName(record.victimShipTypeId);
  const system = names.systemName(record.solarSystemId);
  const region = record.regionId ? ` · ${names.regionName(record.regionId)}` : "";
  const finalBlow = esi.attackers.find((attacker) => attacker.final_blow) ?? esi.attackers[0];
  const attackers = `${record.zkb.attackerCount}${finalBlow ? ` · final blow ${describeParty({ party: finalBlow, names, publicUrl })}` : ""}`;
  const embed = {
    title: `${ship} destroyed in ${system}`,
    url: absoluteUrl({ publicUrl, path: killUrl(record.killmailId) }),
    color: EMBED_COLOR,
    timestamp: record.killmailTime,
    thumbnail: { url: `${IMAGE_SERVER}/types/${record.victimShipTypeId}/render?size=128` },
    fields: [
      { name: "Victim", value: describeParty({ party: esi.victim, names, publicUrl }), inline: true },
      { name: "Ship", value: `[${ship}](${absoluteUrl({ publicUrl, path: entityUrl("ship", record.victimShipTypeId) })})`, inline: true },
      { name: "System", value: `[${system}](${absoluteUrl({ publicUrl, path: entityUrl("system", record.solarSystemId) })}) (${formatSecurity(names.systemSecurity(record.solarSystemId))})${region}`, inline: true },
      { name: "Value", value: `${formatIsk(record.zkb.totalValue)} ISK`, inline: true },
      { name: "Attackers", value: attackers, inline: true },
    ],
    footer: { text: `killboard · sequence ${record.sequence}` },
  };
  return JSON.stringify({ embeds: [embed] });
}
