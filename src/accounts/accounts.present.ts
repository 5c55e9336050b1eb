/** The account page's view model: characters with their scopes, sync state and delay, kills held back, the feed. Pure. */
import { formatTime, imageUrl } from "../present/present.format.ts";
import { entityUrl } from "../present/present.urls.ts";
import { RELEASE_MAX_ATTEMPTS, type AccountCharacter, type PendingKillmail } from "./accounts.repository.ts";
import { DELAY_MINUTES } from "./accounts.schemas.ts";
import { CORPORATION_SCOPE } from "./accounts.sso.ts";

const DELAY_NAMES: Record<number, string> = { 0: "As soon as found", 60: "1 hour", 180: "3 hours", 480: "8 hours", 1440: "24 hours", 4320: "72 hours" };
const NOTICES: Record<string, string> = { delay: "Delay saved.", removed: "Character removed, and its token revoked at EVE SSO." };

function presentCharacter(character: AccountCharacter) {
  return {
    id: character.characterId, name: character.characterName, url: entityUrl("character", character.characterId),
    portrait: imageUrl({ kind: "character", id: character.characterId, size: 64 }),
    scopes: character.scopes.join(", "), corporationScope: character.scopes.includes(CORPORATION_SCOPE),
    needsLogin: character.status === "login", statusReason: character.statusReason ?? "",
    lastSync: character.lastSyncAt ? `${formatTime(character.lastSyncAt)} UTC: ${character.lastSyncResult ?? ""}` : "not yet",
    nextSync: character.status === "ok" ? `${formatTime(character.nextSyncAt)} UTC` : "", synced: character.lastSyncAt !== null,
    corporationSync: character.corporationSync ?? "",
    delays: DELAY_MINUTES.map((minutes) => ({ minutes, name: DELAY_NAMES[minutes]!, selected: minutes === character.delayMinutes })),
    delayName: DELAY_NAMES[character.delayMinutes] ?? `${character.delayMinutes} minutes`,
  };
}

export function presentAccountPage({ characters, held, rows, csrf, now, notice, loginOff = false, anonymous = false }: {
  characters: AccountCharacter[]; held: PendingKillmail[]; rows: unknown[]; csrf: string; now: Date; notice: string; loginOff?: boolean; anonymous?: boolean;
}) {
  const names = new Map(characters.map((character) => [character.characterId, character.characterName]));
  return {
    title: anonymous ? "Log in" : "Your account", description: "Log in with EVE Online to add the killmails only your pilots can see",
    anonymous, loginOff, csrf, notice: NOTICES[notice] ?? "",
    characters: characters.map(presentCharacter),
    held: held.map((kill) => ({
      id: kill.killmailId, by: names.get(kill.characterId) ?? `#${kill.characterId}`,
      releaseAt: `${formatTime(kill.releaseAt)} UTC`, minutesLeft: Math.max(0, Math.ceil((kill.releaseAt.getTime() - now.getTime()) / 60_000)),
      problem: (kill.attempts ?? 0) >= RELEASE_MAX_ATTEMPTS ? `could not be stored: ${kill.lastError ?? "failed"}` : "",
    })),
    rows,
  };
}
