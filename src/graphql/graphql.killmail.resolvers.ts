/** Field resolvers of a killmail and what hangs off it: parties from ESI's body, items from the item loader. */
import { createKillmailReadRepository } from "../killmails/killmail.read.repository.ts";
import { killUrl } from "../present/present.urls.ts";
import type { GraphqlContext } from "./graphql.context.ts";
import { readListArguments, userInputError, type FilterInput } from "./graphql.input.ts";
import { buildItemTree, nodeFromApiRow, playerRef, sortAttackers, toConnection, type EsiBody, type EsiParty, type ItemNode, type KillmailNode } from "./graphql.models.ts";

const MAX_ATTACKERS = 5_000;
const DEFAULT_ATTACKERS = 200;

const parsed = new WeakMap<KillmailNode, EsiBody>();
function esiOf(node: KillmailNode) {
  let esi = parsed.get(node);
  if (!esi) parsed.set(node, (esi = JSON.parse(node.esiText) as EsiBody));
  return esi;
}

/** A page of killmails for any filter: the top-level list and every entity's kills and losses. */
export async function listKillmailConnection({ context, filter, first, after }: {
  context: GraphqlContext; filter?: FilterInput; first: number; after?: string | null;
}) {
  context.spend({ field: "killmails" });
  const page = readListArguments({ filter, first, after });
  const rows = await createKillmailReadRepository({ sql: context.deps.sql }).listKillmailsForApi({ filter: page.filter });
  return toConnection({ rows, first: page.first, toNode: nodeFromApiRow });
}

/** What Victim and Attacker share: ESI's ids, as the entity parents the entity resolvers take. */
const partyFields = {
  character: (party: EsiParty) => playerRef({ kind: "character", id: party.character_id }),
  corporation: (party: EsiParty) => playerRef({ kind: "corporation", id: party.corporation_id }),
  alliance: (party: EsiParty) => playerRef({ kind: "alliance", id: party.alliance_id }),
  faction: (party: EsiParty) => (party.faction_id ? { id: party.faction_id } : null),
  ship: (party: EsiParty) => (party.ship_type_id ? { id: party.ship_type_id } : null),
};

export const killmailResolvers = {
  Killmail: {
    sequence: (node: KillmailNode, _: unknown, { loaders }: GraphqlContext) => node.sequence ?? loaders.sequences.load(node.id),
    url: (node: KillmailNode) => killUrl(node.id),
    system: (node: KillmailNode, _: unknown, { deps }: GraphqlContext) => (deps.universe.has.system(node.solarSystemId) ? { id: node.solarSystemId } : null),
    security: (node: KillmailNode, _: unknown, { deps }: GraphqlContext) => node.security ?? deps.universe.system(node.solarSystemId)?.security ?? null,
    locationName: (node: KillmailNode, _: unknown, { deps }: GraphqlContext) =>
      deps.universe.celestialName({ solarSystemId: node.solarSystemId, celestialId: node.locationId }) ?? null,
    victim: (node: KillmailNode) => esiOf(node).victim,
    attackers: (node: KillmailNode, { first = DEFAULT_ATTACKERS }: { first?: number | null }) => {
      first ??= DEFAULT_ATTACKERS;
      if (first < 0 || first > MAX_ATTACKERS) throw userInputError({ problems: [`first: must be from 0 to ${MAX_ATTACKERS}`] });
      return sortAttackers({ esi: esiOf(node) }).slice(0, first);
    },
    finalBlow: (node: KillmailNode) => esiOf(node).attackers.find((attacker) => attacker.final_blow) ?? null,
    items: async (node: KillmailNode, _: unknown, { loaders }: GraphqlContext) =>
      buildItemTree({ items: await loaders.items.load({ killmailId: node.id, killmailTime: node.time }) }),
  },
  Victim: { ...partyFields, damageTaken: (party: EsiParty) => party.damage_taken ?? 0 },
  Attacker: {
    ...partyFields,
    weapon: (party: EsiParty) => (party.weapon_type_id ? { id: party.weapon_type_id } : null),
    damageDone: (party: EsiParty) => party.damage_done ?? 0,
    finalBlow: (party: EsiParty) => party.final_blow === true,
    securityStatus: (party: EsiParty) => party.security_status ?? 0,
  },
  KillmailItem: { item: (item: ItemNode) => ({ id: item.typeId }) },
};
