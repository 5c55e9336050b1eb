/**
 * The cron `battles` job: recomputes the battles around kills stored since its watermark (the first run: all
 * history). Each range recomputed reaches a quiet window and a segment beyond the new kills (the farthest a battle
 * they belong to can lie) and covers every stored battle it touches whole, so a late kill extends its battle (same
 * id) instead of starting another one.
 */
import type { Sql } from "../db/db.client.ts";
import { refreshSinceWatermark } from "../stats/stats.totals.repository.ts";
import { coverTimes, findSystemSpans, groupBattles, quietMs, segmentMs, splitIndependent, type BattleRules } from "./battles.models.ts";
import { createBattlesRepository, type BattleToSave, type StoredDetectionKill } from "./battles.repository.ts";
import { inferSides } from "./battles.sides.models.ts";

/** Any one process detects at a time; the others skip their turn. */
const DETECTION_LOCK_ID = 724_190;
const WATERMARK = "battles";

type Repository = ReturnType<typeof createBattlesRepository>;

/** Sides and per-side losses of one detected battle, from its kills. */
export function describeDetected({ battle, kills }: { battle: { killmailIds: number[] }; kills: Map<number, StoredDetectionKill> }) {
  const own = battle.killmailIds.map((id) => kills.get(id)!);
  const sides = inferSides({ kills: own });
  const left = new Set(sides.left);
  const lost = { left: 0, right: 0 };
  const losses = { left: 0, right: 0 };
  for (const kill of own) {
    const side = kill.victimParty && left.has(kill.victimParty) ? "left" : "right";
    lost[side] += kill.totalValue;
    losses[side] += 1;
  }
  return { iskDestroyed: lost.left + lost.right, sides: { ...sides, lost, losses } };
}

/** Widens [from, to) until it holds every stored battle it overlaps. */
async function widenToBattles({ repository, range }: { repository: Repository; range: { fromMs: number; toMs: number } }) {
  let { fromMs, toMs } = range;
  for (let round = 0; round < 10; round++) {
    const bounds = await repository.findBattleBounds({ fromMs, toMs });
    if (!bounds || (bounds.fromMs >= fromMs && bounds.toMs <= toMs)) break;
    fromMs = Math.min(fromMs, bounds.fromMs);
    toMs = Math.max(toMs, bounds.toMs);
  }
  return { fromMs, toMs };
}

async function detectRange({ repository, rules, range }: { repository: Repository; rules: BattleRules; range: { fromMs: number; toMs: number } }) {
  const size = segmentMs({ rules });
  const wide = await widenToBattles({ repository, range });
  // Whole segments only: a segment cut at the edge would count too few kills to be active.
  const fromMs = Math.floor(wide.fromMs / size) * size;
  const toMs = Math.ceil(wide.toMs / size) * size;
  const segments = await repository.listActiveSegments({ fromMs, toMs, segmentMs: size, minKills: rules.minKills });
  const battles: BattleToSave[] = [];
  // Groups a pause longer than any battle separates: their kills are loaded one group at a time.
  for (const spans of splitIndependent({ spans: findSystemSpans({ segments, rules }), rules })) battles.push(...(await detectGroup({ repository, rules, spans })));
  return repository.saveBattles({ fromMs, toMs, battles });
}

async function detectGroup({ repository, rules, spans }: { repository: Repository; rules: BattleRules; spans: ReturnType<typeof findSystemSpans> }) {
  const solarSystemIds = [...new Set(spans.map((span) => span.solarSystemId))];
  const [links, kills] = await Promise.all([
    repository.listSystemLinks({ solarSystemIds }),
    repository.listDetectionKills({ solarSystemIds, fromMs: Math.min(...spans.map((s) => s.startMs)), toMs: Math.max(...spans.map((s) => s.endMs)), minDamageShare: rules.minDamageShare }),
  ]);
  const byId = new Map(kills.map((kill) => [kill.killmailId, kill]));
  return groupBattles({ spans, kills, links, rules }).map((battle) => ({ ...battle, ...describeDetected({ battle, kills: byId }) }));
}

/** One run of the job; null when another process is detecting. */
export function refreshBattles({ sql, rules }: { sql: Sql; rules: BattleRules }) {
  return refreshSinceWatermark({ sql, lockId: DETECTION_LOCK_ID, watermark: WATERMARK, async work(t, since) {
    const repository = createBattlesRepository({ sql: t });
    const full = since ? null : await repository.findStoredRange();
    const ranges = since ? coverTimes({ times: await repository.listStoredMinutes({ since }), padMs: quietMs({ rules }) + segmentMs({ rules }) }) : full ? [full] : [];
    let saved = 0;
    let removed = 0;
    for (const range of ranges) {
      const result = await detectRange({ repository, rules, range });
      saved += result.saved;
      removed += result.removed;
    }
    return { ranges: ranges.length, battles: saved, removed, full: !since };
  } });
}
