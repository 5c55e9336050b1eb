/** Loads one battle report (a detected battle, /related/ kills or a saved report) with its sides and names. */
import type { Sql } from "../db/db.client.ts";
import { resolveEntityNames, type EntityKey } from "../names/names.usecases.ts";
import { summaryEntityKeys } from "../killmails/killmail.read.usecases.ts";
import type { UniverseNames } from "../universe/universe.names.ts";
import { createBattlesReadRepository, type KillSource } from "./battles.read.repository.ts";
import { countPerMinute, summarizeReport, toSideKills } from "./battles.report.models.ts";
import { inferSides, moveParties, placeBystanders, type Sides } from "./battles.sides.models.ts";

const partyEntityKeys = (sides: Sides): EntityKey[] => [...sides.left, ...sides.right].map((party) => {
  const [kind, id] = party.split(":") as ["alliance" | "corporation", string];
  return { kind, id: Number(id) };
});

/** `sides`: as stored (a battle, a saved report), or null to infer them from these kills; `move` then moves parties by hand. */
export async function loadBattleReport({ sql, universe, source, sides, move, minDamageShare }: {
  sql: Sql; universe: UniverseNames; source: KillSource; sides: Sides | null; move: { left: string[]; right: string[] }; minDamageShare: number;
}) {
  const repository = createBattlesReadRepository({ sql });
  const kills = await repository.findKillSet({ source });
  const [summaries, attackers, items] = await Promise.all([repository.listSummaries({ kills }), repository.listAttackers({ kills }), repository.listItems({ kills })]);
  const base = sides ?? inferSides({ kills: toSideKills({ kills: summaries, attackers, minDamageShare }) });
  const chosen = placeBystanders({ sides: moveParties({ sides: base, ...move }), kills: toSideKills({ kills: summaries, attackers, minDamageShare: 0 }) });
  const report = summarizeReport({ kills: summaries, attackers, items, sides: chosen });
  const names = await resolveEntityNames({ sql, universe, keys: [...summaryEntityKeys(summaries), ...partyEntityKeys(chosen)] });
  return { summaries, report, sides: chosen, bins: countPerMinute({ kills: summaries, killSide: report.killSide }), names };
}

export type LoadedReport = Awaited<ReturnType<typeof loadBattleReport>>;
