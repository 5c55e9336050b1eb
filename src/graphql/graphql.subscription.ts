/**
 * `killmailAdded`: the serve process's live hub (the worker's Redis channel, read through the live sequence), the
 * same replay-then-live hand-over as /api/v1/stream (feeds.follow.ts), so `after` resumes exactly once. The
 * Repeater's push resolves when the client took the event: a slow subscriber slows only its own replay, and the
 * hub cuts it off (an error naming the sequence to resume from) rather than buffer for it.
 */
import { GraphQLError } from "graphql";
import { Repeater } from "graphql-yoga";
import { followLive } from "../feeds/feeds.follow.ts";
import { resolveResume } from "../feeds/feeds.retention.ts";
import { matchesLiveFilter } from "../live/live.filter.ts";
import type { GraphqlContext } from "./graphql.context.ts";
import { readStreamArguments, type FilterInput } from "./graphql.input.ts";
import { nodeFromLiveRecord, type KillmailNode } from "./graphql.models.ts";

type Event = { sequence: number; killmail: KillmailNode | null; gap: { from: number; to: number; message: string } | null };
const GAP_MESSAGE = "these killmails are older than the retained window: page them with the killmails query, then carry on from here";

export function subscribeKillmailAdded({ context, filter: input, after: requested }: { context: GraphqlContext; filter: FilterInput; after?: number | null }) {
  const { filter, after } = readStreamArguments({ filter: input, after: requested });
  const feeds = context.deps.feeds;
  if (!feeds) throw new GraphQLError("subscriptions are not available on this server", { extensions: { code: "SUBSCRIPTIONS_UNAVAILABLE" } });
  return new Repeater<Event>(async (push, stop) => {
    const abort = new AbortController();
    void stop.then(() => abort.abort());
    try {
      // From now on = after the head: a cut-off subscriber is told a number to resume from even before its first event.
      let start = after ?? (await feeds.repository.readHead());
      if (after !== undefined) {
        const resume = await resolveResume({ repository: feeds.repository, after, retentionDays: feeds.retentionDays, now: feeds.now() });
        start = resume.after;
        if (resume.skipped) await push({ sequence: resume.skipped.to, killmail: null, gap: { ...resume.skipped, message: GAP_MESSAGE } });
      }
      let last = start;
      const tooSlow = () => new GraphQLError(`too slow: resubscribe with after: ${last}`, { extensions: { code: "SUBSCRIBER_TOO_SLOW", after: last } });
      const end = await followLive({
        hub: feeds.hub, repository: feeds.repository, after: start, signal: abort.signal,
        // A subscriber that stopped reading leaves push waiting: the hub's cut-off ends it there and then.
        onOverflow: () => stop(tooSlow()),
        onRecord: async (record) => {
          if (matchesLiveFilter({ filter, record })) await push({ sequence: record.sequence, killmail: nodeFromLiveRecord(record), gap: null });
          last = record.sequence;
        },
      });
      stop(end === "overflowed" ? tooSlow() : undefined);
    } catch (error) {
      // graphql-ws sends an iterator's error as it is: only ours go out, anything else is logged and masked.
      if (error instanceof GraphQLError) return stop(error);
      context.deps.logger.error("graphql: subscription failed", error instanceof Error ? (error.stack ?? error.message) : error);
      stop(new GraphQLError("Unexpected error.", { extensions: { code: "INTERNAL_SERVER_ERROR" } }));
    }
  });
}

export const subscriptionResolvers = {
  Subscription: {
    killmailAdded: {
      subscribe: (_: unknown, args: { filter?: FilterInput; after?: number | null }, context: GraphqlContext) =>
        subscribeKillmailAdded({ context, filter: args.filter, after: args.after }),
      resolve: (event: Event, _: unknown, context: GraphqlContext) => {
        context.renew();
        return event;
      },
    },
  },
};
