/**
 * Killmails only an authenticated ESI call reveals: three per emulated SSO character, recast from real bundled
 * killmails (the character as victim in the first, as final blow in the others), each with a new id and hash
 * and a time in the three days before the emulator started. Invariant: they live outside the dataset, so no
 * feed (R2Z2, RedisQ, EVE-KILL, history) ever publishes them; only /characters|corporations/{id}/killmails/recent
 * list them and /killmails/{id}/{hash} serves them. One id → one hash → one body for the emulator's life.
 */
import { mixHash, syntheticHash } from "../../killmails/killmail.synthetic.ts";
import type { EmulatorDataset, EmulatorRecord, EsiBody } from "./dataset.ts";
import { esiTime } from "./retime.ts";
import { SSO_CHARACTERS, type SsoCharacter } from "./sso.characters.ts";

// Above every real id (max 137,259,365) and any synthetic expansion of realistic size, inside ESI's int32.
export const PRIVATE_KILLMAIL_FIRST_ID = 1_900_000_001;
export const PRIVATE_KILLMAILS_PER_CHARACTER = 3;
const PRIVATE_HASH_SEED = 0x5050;
const SPACING_MS = 6 * 3_600_000;
const MAX_TEMPLATE_ATTACKERS = 30;

export type PrivateRole = "victim" | "attacker";
export type PrivateKillmail = { record: EmulatorRecord; characterId: number; role: PrivateRole };

type Participant = EsiBody["victim"];

const isPlayer = (who: Participant | undefined) => Boolean(who?.character_id);

/** Real kills with a pilot as victim and a pilot on the final blow, newest first: both roles can be recast. */
export function selectTemplates({ records }: { records: EmulatorRecord[] }) {
  return records
    .filter((record) => !record.synthetic && !record.emulated)
    .filter(({ esi }) => isPlayer(esi.victim) && esi.attackers.length <= MAX_TEMPLATE_ATTACKERS && isPlayer(esi.attackers.find((who) => who.final_blow)))
    .sort((a, b) => b.killmail_id - a.killmail_id);
}

function recast({ esi, character, role, killmailId, time }: { esi: EsiBody; character: SsoCharacter; role: PrivateRole; killmailId: number; time: string }): EsiBody {
  const body = structuredClone(esi);
  const who = { character_id: character.id, corporation_id: character.corporationId, alliance_id: character.allianceId };
  body.killmail_id = killmailId;
  body.killmail_time = time;
  if (role === "victim") body.victim = { ...body.victim, ...who };
  else body.attackers = body.attackers.map((attacker) => (attacker.final_blow ? { ...attacker, ...who } : attacker));
  return body;
}

export function buildPrivateKillmails({ templates, startedAt, characters = SSO_CHARACTERS }: {
  templates: EmulatorRecord[];
  startedAt: number;
  characters?: readonly SsoCharacter[];
}): PrivateKillmail[] {
  if (!templates.length) throw new Error("no bundled killmail can be recast as a private one");
  const built: PrivateKillmail[] = [];
  for (const character of characters) {
    for (let slot = 0; slot < PRIVATE_KILLMAILS_PER_CHARACTER; slot++) {
      const index = built.length;
      const killmailId = PRIVATE_KILLMAIL_FIRST_ID + index;
      // Spread over the 55 hours before start (9 kills, 6 h apart, up to an hour of jitter): inside "the last 3 days".
      const time = esiTime(startedAt - (index + 1) * SPACING_MS - (mixHash(killmailId, 0x71) % 3600) * 1000);
      const role: PrivateRole = slot === 0 ? "victim" : "attacker";
      const esi = recast({ esi: templates[index % templates.length]!.esi, character, role, killmailId, time });
      const hash = syntheticHash({ seed: PRIVATE_HASH_SEED, killmailId });
      built.push({ record: { killmail_id: killmailId, hash, killmail_time: time, esi, emulated: true }, characterId: character.id, role });
    }
  }
  return built;
}

/** Public (dataset) kills naming a character: real records only, as synthetic ones are cast from their own pool. */
function publicKillmailsOf({ dataset, characterId }: { dataset: EmulatorDataset; characterId: number }) {
  return dataset.records.filter(
    (record) => !record.synthetic && (record.esi.victim.character_id === characterId || record.esi.attackers.some((who) => who.character_id === characterId)),
  );
}

export function createPrivateKillmails({ dataset, templates, startedAt }: { dataset: EmulatorDataset; templates: EmulatorRecord[]; startedAt: number }) {
  const list = buildPrivateKillmails({ templates, startedAt });
  const clash = list.find((entry) => dataset.byId.has(entry.record.killmail_id));
  if (clash) throw new Error(`private killmail id ${clash.record.killmail_id} is also in the dataset`);
  const byId = new Map(list.map((entry) => [entry.record.killmail_id, entry.record]));
  const publicByCharacter = new Map(SSO_CHARACTERS.map((character) => [character.id, publicKillmailsOf({ dataset, characterId: character.id })]));
  return {
    list,
    byId,
    /** Private kills of a character and the public ones naming it: what its recent-killmails route lists. */
    ofCharacter: (characterId: number) => [
      ...list.filter((entry) => entry.characterId === characterId).map((entry) => entry.record),
      ...(publicByCharacter.get(characterId) ?? []),
    ],
  };
}

export type PrivateKillmails = ReturnType<typeof createPrivateKillmails>;

/** What tests and the control API show: ids, hashes and who is in each. */
export const describePrivateKillmails = ({ privateKillmails }: { privateKillmails: PrivateKillmails }) =>
  privateKillmails.list.map(({ record, characterId, role }) => ({
    killmail_id: record.killmail_id,
    killmail_hash: record.hash,
    killmail_time: record.killmail_time,
    character_id: characterId,
    role,
  }));
