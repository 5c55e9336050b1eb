/** The text form of `killboard status` and the labels the admin page shares with it. Pure. */
import { HEARTBEAT_TTL_MS } from "./heartbeat.ts";
import type { DeploymentStatus } from "./status.usecases.ts";
import { describeBoardDays } from "./check-data.format.ts";

/** Gap ranges shown in the summary; `--json` and `debug check-data` have them all. */
const MAX_RANGES_SHOWN = 8;

/** An age as its two largest units: `45s`, `3m 10s`, `2h 5m`, `4d 2h`. */
export function formatAge({ ms }: { ms: number }) {
  const seconds = Math.floor(ms / 1000);
  const units: [number, string][] = [[86_400, "d"], [3_600, "h"], [60, "m"], [1, "s"]];
  const first = units.findIndex(([size]) => seconds >= size);
  if (first === -1) return "0s";
  const [size, unit] = units[first]!;
  const next = units[first + 1];
  const rest = next ? Math.floor((seconds % size) / next[0]) : 0;
  return next && rest ? `${Math.floor(seconds / size)}${unit} ${rest}${next[1]}` : `${Math.floor(seconds / size)}${unit}`;
}

export function describeRanges({ ranges }: { ranges: string[] }) {
  const shown = ranges.slice(0, MAX_RANGES_SHOWN).join(", ");
  return ranges.length > MAX_RANGES_SHOWN ? `${shown} and ${ranges.length - MAX_RANGES_SHOWN} more` : shown;
}

/** One sentence on the gap check: what was compared and what differs, or why it could not run. */
export function describeGaps({ gaps }: { gaps: DeploymentStatus["gaps"] }) {
  const window = `${gaps.from}..${gaps.to}`;
  if (gaps.boardSize) return `not checked for ${window}: ${describeBoardDays({ size: gaps.boardSize })}`;
  if (!gaps.summary) return `unknown for ${window}: zKillboard totals unavailable (${gaps.error})`;
  const { gapDays, gapRanges, surplusDays, surplusRanges, stored, expected } = gaps.summary;
  const parts = [
    gapDays ? `${gapDays} day(s) short: ${describeRanges({ ranges: gapRanges })}` : "no day short",
    ...(surplusDays ? [`${surplusDays} day(s) over: ${describeRanges({ ranges: surplusRanges })}`] : []),
  ];
  return `${window}: ${parts.join("; ")} (stored ${stored}, zKillboard ${expected ?? "?"})`;
}

function formatRoles({ heartbeats }: Pick<DeploymentStatus, "heartbeats">) {
  if (!heartbeats.length) return [`roles: none alive (no heartbeat in the last ${HEARTBEAT_TTL_MS / 1000} s)`];
  return [`roles: ${heartbeats.length} alive`, ...heartbeats.map((beat) =>
    `  ${beat.role.padEnd(14)} ${beat.instance.padEnd(24)} v${beat.version}  up ${formatAge({ ms: Date.parse(beat.beatAt) - Date.parse(beat.startedAt) })}, last beat ${formatAge({ ms: beat.ageMs })} ago`)];
}

function formatFeeds({ feeds }: Pick<DeploymentStatus, "feeds">) {
  if (!feeds.length) return ["feeds: no cursor saved yet"];
  return ["feeds:", ...feeds.map((feed) => {
    const lag = feed.feed !== "r2z2" ? "" : feed.behind !== null ? `, head ${feed.head}, ${feed.behind} behind` : `, head unknown (${feed.headError})`;
    return `  ${feed.feed.padEnd(8)} cursor ${feed.cursor}${lag}, saved ${formatAge({ ms: feed.updatedAgoMs })} ago`;
  })];
}

function formatQueues({ queues }: Pick<DeploymentStatus, "queues">) {
  return ["queues:", ...queues.flatMap(({ queue, counts, recentFailures }) => [
    `  ${queue}: ${Object.entries(counts).map(([state, n]) => `${state} ${n}`).join(", ")}`,
    ...recentFailures.map((failure) => `    failed ${failure.id} after ${failure.attempts} attempt(s): ${failure.reason}`),
  ])];
}

export function formatStatus({ status }: { status: DeploymentStatus }) {
  return [
    `killboard status at ${status.at}`,
    ...formatRoles(status),
    ...formatFeeds(status),
    ...formatQueues(status),
    `gaps: ${describeGaps({ gaps: status.gaps })}`,
  ].join("\n");
}
