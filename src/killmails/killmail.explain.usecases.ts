/**
 * The prices behind a killmail's "why this value": its items and its hull, each as stored with the total (the hull
 * since migration 00013, written by the store path and by `killmail revalue`), so explaining prices nothing again.
 */
import type { Sql } from "../db/db.client.ts";
import { createKillmailReadRepository, type StoredHull } from "./killmail.read.repository.ts";

export type ExplainedHull = StoredHull & { typeId: number };

/** The stored item and hull prices of a killmail whose row the caller has read, or null when it is gone. */
export async function loadKillmailPrices({ sql, killmail }: { sql: Sql; killmail: { killmailId: number; killmailTime: Date; victimShipTypeId: number } }) {
  const found = await createKillmailReadRepository({ sql }).findKillmailPrices(killmail);
  if (!found) return null;
  return { items: found.items, hull: { typeId: killmail.victimShipTypeId, ...found.hull } satisfies ExplainedHull };
}
