/**
 * The emulate role's `zkbFor`: values a record with our own model over the bundled static data and prices,
 * so emulated feeds carry realistic zkb blocks. Marked `emulated` because zKillboard did not compute them.
 */
import { deriveKillmail } from "../../killmails/killmail.models.ts";
import { toZkb } from "../../killmails/killmail.zkb.ts";
import type { EsiKillmail } from "../../killmails/killmail.schemas.ts";
import { loadBundledUniverse } from "../../killmails/killmail.bundle.ts";
import type { ZkbFor } from "./zkb.ts";

export async function createModelZkb(): Promise<ZkbFor> {
  const context = await loadBundledUniverse();
  const firstSeenAt = new Date(0);
  return (record) => {
    const input = { killmailId: record.killmail_id, hash: record.hash, esi: record.esi as unknown as EsiKillmail, source: "manual" as const, firstSeenAt };
    return { ...toZkb(deriveKillmail({ input, context })), emulated: true };
  };
}
