/**
 * The pilots one can log in as on the emulated SSO. Their corporations and alliances are ones the emulated ESI
 * already answers for (from the SeAT affiliation sample), so /characters/{id}, /corporations/{id} and name
 * resolution agree with the token. Ids sit in the post-2016 character range, apart from the corpus and the
 * synthetic pool (2,125,000,000+). Two share a corporation, one of them its Director, so the corporation route
 * has a member allowed and a member refused.
 */
import type { Entities } from "./entities.ts";

export type SsoCharacter = {
  id: number;
  name: string;
  corporationId: number;
  allianceId: number;
  /** Holds the Director role in its corporation (GET /corporations/{id}/killmails/recent needs it). */
  director: boolean;
};

export const SSO_CHARACTERS: readonly SsoCharacter[] = [
  { id: 2_117_100_001, name: "Sandbox Director", corporationId: 98_413_060, allianceId: 99_008_923, director: true },
  { id: 2_117_100_002, name: "Sandbox Wingmate", corporationId: 98_413_060, allianceId: 99_008_923, director: false },
  { id: 2_117_100_003, name: "Sandbox Loner", corporationId: 109_299_958, allianceId: 434_243_723, director: false },
];

export const findSsoCharacter = (id: number) => SSO_CHARACTERS.find((character) => character.id === id);

/**
 * EVE's `owner` claim: a base64 hash that changes when the character changes account. Here a SHA-1 of the id,
 * so it has the real claim's length (28 characters) and never changes.
 */
export function ownerHashOf({ characterId }: { characterId: number }) {
  return new Bun.CryptoHasher("sha1").update(`emulated-owner:${characterId}`).digest("base64");
}

/** Makes the emulated ESI know the pilots (name, corporation, alliance) like any other. */
export function registerSsoCharacters({ entities }: { entities: Entities }) {
  for (const character of SSO_CHARACTERS) {
    entities.set(character.id, {
      kind: "character",
      id: character.id,
      name: character.name,
      emulated: true,
      corporation_id: character.corporationId,
      alliance_id: character.allianceId,
    });
  }
  return entities;
}
