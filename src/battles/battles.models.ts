/**
 * Battle detection, pure (EVE-KILL's rules by default): kills are counted per system in segments of
 * `segmentMinutes`; a segment with `minKills` or more is active; a system's fight runs from its first active
 * segment to its last, and `quietSegments` inactive segments in a row end it. Fights in the same or neighbouring
 * systems (stargate links) that are that close in time and share a party are one battle. A battle then holds every
 * kill in its systems between its start and end; a kill belongs to one battle only.
 */
export type BattleRules = { segmentMinutes: number; minKills: number; quietSegments: number; minDamageShare: number };

/** EVE-KILL's battle rules: 5-minute segments, 5 kills make one active, 6 quiet ones end a battle, attackers under 5% ignored. */
export const EVE_KILL_RULES: BattleRules = { segmentMinutes: 5, minKills: 5, quietSegments: 6, minDamageShare: 0.05 };

export type ActiveSegment = { solarSystemId: number; segment: number };
/** One system's fight: [startMs, endMs). */
export type SystemSpan = { solarSystemId: number; startMs: number; endMs: number };
/** What detection reads of a kill: its victim's party and the parties of the attackers who count (`kind:id`). */
export type DetectionKill = { killmailId: number; timeMs: number; solarSystemId: number; victimParty: string | null; attackerParties: string[] };
export type DetectedBattle = { startMs: number; endMs: number; solarSystemIds: number[]; killmailIds: number[] };

export const segmentMs = ({ rules }: { rules: BattleRules }) => rules.segmentMinutes * 60_000;
/** The longest pause inside one battle. */
export const quietMs = ({ rules }: { rules: BattleRules }) => rules.quietSegments * segmentMs({ rules });

/** Each system's runs of active segments, split where `quietSegments` or more inactive ones lie between two. */
export function findSystemSpans({ segments, rules }: { segments: ActiveSegment[]; rules: BattleRules }): SystemSpan[] {
  const size = segmentMs({ rules });
  const bySystem = new Map<number, number[]>();
  for (const { solarSystemId, segment } of segments) (bySystem.get(solarSystemId) ?? bySystem.set(solarSystemId, []).get(solarSystemId)!).push(segment);
  const spans: SystemSpan[] = [];
  for (const [solarSystemId, list] of bySystem) {
    list.sort((a, b) => a - b);
    let first = list[0]!;
    let last = first;
    for (const segment of list.slice(1)) {
      if (segment - last - 1 >= rules.quietSegments) {
        spans.push({ solarSystemId, startMs: first * size, endMs: (last + 1) * size });
        first = segment;
      }
      last = segment;
    }
    spans.push({ solarSystemId, startMs: first * size, endMs: (last + 1) * size });
  }
  return spans.sort((a, b) => a.startMs - b.startMs || a.solarSystemId - b.solarSystemId);
}

/** Groups of spans no battle can join across: between two groups lies a pause longer than a battle allows. */
export function splitIndependent({ spans, rules }: { spans: SystemSpan[]; rules: BattleRules }): SystemSpan[][] {
  const groups: SystemSpan[][] = [];
  let reach = -Infinity;
  for (const span of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    if (span.startMs - reach >= quietMs({ rules }) || !groups.length) groups.push([]);
    groups.at(-1)!.push(span);
    reach = Math.max(reach, span.endMs);
  }
  return groups;
}

function createUnionFind(size: number) {
  const parent = Array.from({ length: size }, (_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index]!)));
  return { find, union: (a: number, b: number) => { parent[find(a)] = find(b); } };
}

/** Parties seen in at least two of the span's kills: one passer-by shared does not make two fights one. */
function mainParties({ span, kills }: { span: SystemSpan; kills: DetectionKill[] }) {
  const counts = new Map<string, number>();
  for (const kill of kills) {
    if (kill.solarSystemId !== span.solarSystemId || kill.timeMs < span.startMs || kill.timeMs >= span.endMs) continue;
    for (const party of new Set([kill.victimParty, ...kill.attackerParties])) if (party) counts.set(party, (counts.get(party) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count >= 2).map(([party]) => party));
}

function shouldJoin({ a, b, links, rules, parties }: {
  a: SystemSpan; b: SystemSpan; links: Map<number, number[]>; rules: BattleRules; parties: [Set<string>, Set<string>];
}) {
  const near = a.solarSystemId === b.solarSystemId || (links.get(a.solarSystemId) ?? []).includes(b.solarSystemId);
  const gap = Math.max(b.startMs - a.endMs, a.startMs - b.endMs);
  return near && gap < quietMs({ rules }) && [...parties[0]].some((party) => parties[1].has(party));
}

/** Spans joined into battles, each with every kill of its systems in its time; a kill goes to the earliest battle. */
export function groupBattles({ spans, kills, links, rules }: {
  spans: SystemSpan[]; kills: DetectionKill[]; links: Map<number, number[]>; rules: BattleRules;
}): DetectedBattle[] {
  const parties = spans.map((span) => mainParties({ span, kills }));
  const sets = createUnionFind(spans.length);
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      if (spans[j]!.startMs - spans[i]!.endMs >= quietMs({ rules })) break; // sorted by start: none later can join
      if (shouldJoin({ a: spans[i]!, b: spans[j]!, links, rules, parties: [parties[i]!, parties[j]!] })) sets.union(i, j);
    }
  }
  const byRoot = new Map<number, SystemSpan[]>();
  spans.forEach((span, index) => (byRoot.get(sets.find(index)) ?? byRoot.set(sets.find(index), []).get(sets.find(index))!).push(span));
  const battles = [...byRoot.values()].map((group) => ({
    startMs: Math.min(...group.map((span) => span.startMs)), endMs: Math.max(...group.map((span) => span.endMs)),
    solarSystemIds: [...new Set(group.map((span) => span.solarSystemId))].sort((a, b) => a - b), killmailIds: [] as number[],
  })).sort((a, b) => a.startMs - b.startMs);
  const taken = new Set<number>();
  for (const battle of battles) {
    for (const kill of kills) {
      if (taken.has(kill.killmailId) || kill.timeMs < battle.startMs || kill.timeMs >= battle.endMs || !battle.solarSystemIds.includes(kill.solarSystemId)) continue;
      taken.add(kill.killmailId);
      battle.killmailIds.push(kill.killmailId);
    }
  }
  return battles.filter((battle) => battle.killmailIds.length > 0);
}

/** Time ranges to recompute around newly stored kills: each kill ± `padMs`, overlapping ranges merged. */
export function coverTimes({ times, padMs }: { times: number[]; padMs: number }) {
  const ranges: { fromMs: number; toMs: number }[] = [];
  for (const time of [...times].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && time - padMs <= last.toMs) last.toMs = Math.max(last.toMs, time + padMs);
    else ranges.push({ fromMs: time - padMs, toMs: time + padMs });
  }
  return ranges;
}
