/** The text frame each EVE-KILL protocol sends for a killmail; the `ws` role, the emulator and bench:ws send these bytes. */
import { buildKillmailEvent } from "./ekws.events.ts";
import type { EkwsKill, NameLookup } from "./ekws.kill.ts";
import { buildLegacyKillmailData } from "./ekws.legacy.events.ts";

export type EkwsProtocol = "current" | "legacy";

export function frameFor({ protocol, kill, names }: { protocol: EkwsProtocol; kill: EkwsKill; names: NameLookup }) {
  const frame = protocol === "current"
    ? { channel: "killmails", data: buildKillmailEvent({ kill, names }) }
    : { type: "killmail", data: buildLegacyKillmailData({ kill, names }) };
  return JSON.stringify(frame);
}
