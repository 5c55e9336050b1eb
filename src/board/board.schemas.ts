/**
 * The part of an ESI killmail the board looks at, read from a body nobody has validated yet (a feed's record).
 * A body that does not even have this shape is not the board's to drop: it goes on, and the worker rejects it
 * with its reason.
 */
import { z } from "zod";
import type { BoardKillmail } from "./board.models.ts";

const id = z.number().int().nullish();
const party = z.looseObject({ character_id: id, corporation_id: id, alliance_id: id });
const killmail = z.looseObject({ victim: party, attackers: z.array(party) });

export function readBoardKillmail(body: unknown): BoardKillmail | null {
  const parsed = killmail.safeParse(body);
  return parsed.success ? parsed.data : null;
}
