/** The status page's view model: the figures of `killboard status`, worded the same way. Pure. */
import { HEARTBEAT_TTL_MS } from "../ops/heartbeat.ts";
import { describeGaps, formatAge } from "../ops/status.format.ts";
import type { DeploymentStatus } from "../ops/status.usecases.ts";

export function presentStatusPage({ status }: { status: DeploymentStatus }) {
  const states = Object.keys(status.queues[0]?.counts ?? {});
  return {
    title: "Admin",
    at: status.at,
    noRoles: `None alive: no heartbeat in the last ${HEARTBEAT_TTL_MS / 1000} s.`,
    roles: status.heartbeats.map((beat) => ({
      role: beat.role, instance: beat.instance, version: beat.version,
      up: formatAge({ ms: Date.parse(beat.beatAt) - Date.parse(beat.startedAt) }), lastBeat: formatAge({ ms: beat.ageMs }),
    })),
    feeds: status.feeds.map((feed) => ({
      feed: feed.feed, cursor: feed.cursor, saved: formatAge({ ms: feed.updatedAgoMs }),
      behind: feed.feed !== "r2z2" ? "—" : feed.behind !== null ? `${feed.behind} (head ${feed.head})` : `unknown (${feed.headError})`,
    })),
    states,
    queues: status.queues.map(({ queue, counts, recentFailures }) => ({
      queue, counts: states.map((state) => counts[state as keyof typeof counts]), failures: recentFailures,
    })),
    gaps: describeGaps({ gaps: status.gaps }),
  };
}
