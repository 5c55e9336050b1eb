/**
 * Pilots, corporations and alliances the emulated ESI knows: everyone seen in the served killmails plus the
 * real SeAT samples (/universe/names, /characters/affiliation). Affiliation is taken from the newest killmail
 * that mentions the pilot. `emulated` says the name was generated (names.ts), not captured.
 */
import type { EmulatorDataset } from "./dataset.ts";
import { readUpstreamJson } from "./bundle.ts";
import { generateName } from "./names.ts";

export type EntityKind = "character" | "corporation" | "alliance";
export type Entity = {
  kind: EntityKind;
  id: number;
  name: string;
  emulated: boolean;
  corporation_id?: number;
  alliance_id?: number;
  faction_id?: number;
};
export type Entities = Map<number, Entity>;

type Participant = { character_id?: number; corporation_id?: number; alliance_id?: number; faction_id?: number };

function remember({ entities, kind, id, links }: { entities: Entities; kind: EntityKind; id: number; links?: Participant }) {
  const known = entities.get(id);
  const entity: Entity = known ?? { kind, id, name: generateName({ kind, id }), emulated: true };
  if (links && kind !== "alliance") {
    if (links.corporation_id && kind === "character") entity.corporation_id = links.corporation_id;
    if (links.alliance_id) entity.alliance_id = links.alliance_id;
    else delete entity.alliance_id;
    if (links.faction_id) entity.faction_id = links.faction_id;
  }
  entities.set(id, entity);
}

function rememberParticipant({ entities, who }: { entities: Entities; who: Participant }) {
  // NPC corporations (1,000,000–1,999,999) and NPC pilots (3,xxx,xxx) are answered from the SDE, not here.
  if (who.character_id && who.character_id > 3_999_999) remember({ entities, kind: "character", id: who.character_id, links: who });
  if (who.corporation_id && who.corporation_id > 1_999_999) remember({ entities, kind: "corporation", id: who.corporation_id, links: who });
  if (who.alliance_id) remember({ entities, kind: "alliance", id: who.alliance_id });
}

export async function indexEntities({ dataset }: { dataset: EmulatorDataset }): Promise<Entities> {
  const entities: Entities = new Map();
  // Synthetic records only recast pilots onto the pool (killmail.synthetic.ts), so real records plus the pool
  // cover every participant without building a million bodies.
  for (const record of dataset.records) {
    if (record.synthetic) continue;
    rememberParticipant({ entities, who: record.esi.victim as Participant });
    for (const who of record.esi.attackers) rememberParticipant({ entities, who: who as Participant });
  }
  for (const who of dataset.pool) rememberParticipant({ entities, who });
  const affiliations = await readUpstreamJson<Participant[]>({ name: "affiliations" });
  for (const who of affiliations) rememberParticipant({ entities, who });
  const names = await readUpstreamJson<{ category: string; id: number; name: string }[]>({ name: "names" });
  for (const row of names) {
    if (row.category !== "character" && row.category !== "corporation" && row.category !== "alliance") continue;
    const entity = entities.get(row.id) ?? { kind: row.category, id: row.id, name: row.name, emulated: false };
    entities.set(row.id, { ...entity, name: row.name, emulated: false });
  }
  return entities;
}
