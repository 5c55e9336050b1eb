/**
 * The jobs `killboard cron` runs, each a thin call into its module. cron.service.ts guarantees one run per period
 * across any number of cron processes and never two runs of one job at once; each job is idempotent, so a run
 * cut short (a SIGKILL) is simply done again next period without doubling its work.
 */
import type { Logger } from "../app/log.ts";
import { DAY_MS } from "../app/time.ts";
import type { HistoryClient } from "../backfill/history.client.ts";
import type { Sql } from "../db/db.client.ts";
import type { Queues } from "../queue/queue.client.ts";
import type { MarketSource } from "../prices/esi.fetch.ts";
import { runHousekeeping } from "./cron.housekeeping.ts";
import { releaseDue, runSync, type ReleaseDeps, type SyncDeps } from "../accounts/accounts.sync.ts";
import { runPricesJob } from "./cron.prices.ts";
import { compactClosedMonths, ensurePartitionsAhead, reconcileRecentDays, reconcileShortDays } from "./cron.maintenance.ts";
import { enqueueEnrichmentSweep } from "../queue/queue.client.ts";
import { createTotalsRepository } from "../stats/stats.totals.repository.ts";
import { createTopsRepository } from "../stats/stats.tops.repository.ts";
import { correctRecentHistory, refreshHistory } from "../history/history.usecases.ts";
import { takeSnapshots } from "../history/history.snapshots.usecases.ts";
import { createKillmailRepository } from "../killmails/killmail.repository.ts";
import { RULES_THRESHOLDS } from "../killmails/rules.ts";
import { EVE_KILL_RULES, type BattleRules } from "../battles/battles.models.ts";
import { refreshBattles } from "../battles/battles.usecases.ts";
import type { BoardEntity } from "../board/board.models.ts";

export type CronJobContext = {
  sql: Sql; queues: Queues; history: HistoryClient; esi: MarketSource; logger: Logger; now: () => Date; signal: AbortSignal;
  /** The SSO killmail sync; null when the board has no login configured. */
  accounts?: SyncDeps | null;
  /** The release of held kills, which runs with or without login. */
  release?: ReleaseDeps;
  settings: { reconcileDays: number; partitionsAheadMonths: number; priceRegions: number[]; battleRules?: BattleRules;
    /** BOARD_ENTITIES and where their history is read (ZKILLBOARD_API_URL): reconciliation then walks that instead. */
    board?: { entities: readonly BoardEntity[]; apiBaseUrl: string } };
};
export type CronCounts = Record<string, unknown>;

export type CronJob = {
  name: string;
  /** Croner pattern with seconds, in UTC. */
  schedule: string;
  description: string;
  run(context: CronJobContext): Promise<CronCounts>;
};

export const CRON_JOBS: CronJob[] = [
  {
    name: "partitions", schedule: "0 5 * * * *",
    description: "Create the killmail partitions of this month and the next ones ahead of time",
    run: ({ sql, now, settings }) => ensurePartitionsAhead({ sql, now: now(), months: settings.partitionsAheadMonths }),
  },
  {
    name: "compact", schedule: "0 20 4 * * *",
    description: "Rebuild the indexes of every closed month's killmail partitions once (REINDEX CONCURRENTLY, 3 days after the month ends), packing the B-tree pages that inserts in random key order left part-empty",
    run: ({ sql, now, signal }) => compactClosedMonths({ sql, now: now(), signal }),
  },
  {
    name: "rollups", schedule: "0 */5 * * * *",
    description: "Update entity_totals (all-time summaries and board top lists) for the entities of killmails stored since the last run, add those killmails to entity_tops, entity_tops_daily and entity_activity (entity pages' all-time and week top lists and activity heatmaps, for places and busy parties), and recompute their entities' days in entity_daily with those months and years",
    async run({ sql }) {
      const totals = await createTotalsRepository({ sql }).refreshEntityTotals();
      const tops = await createTopsRepository({ sql }).refreshEntityTops();
      const history = await refreshHistory({ sql });
      return { totals: totals ?? { heldElsewhere: true }, tops: tops ?? { heldElsewhere: true }, history: history ?? { heldElsewhere: true } };
    },
  },
  {
    name: "battles", schedule: "0 2-59/5 * * * *",
    description: "Detect battles around the killmails stored since the last run (the first run: all history); a battle that late kills extend keeps its id",
    async run({ sql, settings }) {
      return (await refreshBattles({ sql, rules: settings.battleRules ?? EVE_KILL_RULES })) ?? { heldElsewhere: true };
    },
  },
  {
    name: "reconcile", schedule: "0 15 * * * *",
    description: "Queue every killmail zKillboard lists for the last days that is not stored (gap reconciliation)",
    run: (context) => reconcileRecentDays(context),
  },
  {
    name: "reconcile-history", schedule: "0 30 3 * * 1",
    description: "Weekly: the same for every day whose stored count is below zKillboard's totals",
    run: (context) => reconcileShortDays(context),
  },
  {
    name: "names", schedule: "0 20 */6 * * *",
    description: "Ask the workers for an enrichment sweep: names and affiliations older than a day, corporation and alliance details older than 7 days (batched, LOW priority)",
    async run({ queues, now }) {
      await enqueueEnrichmentSweep({ queue: queues.enrichment, now: now().getTime(), reason: "cron" });
      return { sweepQueued: true };
    },
  },
  {
    name: "padding", schedule: "0 10 5 * * *",
    description: "Apply zKillboard's padding rule again over the last 7 days (kills arrive in any order); padding kills lose pvp",
    async run({ sql, now }) {
      const marked = await createKillmailRepository({ sql }).markPadding({ since: new Date(now().getTime() - 7 * DAY_MS), minOthers: RULES_THRESHOLDS.paddingMinPriorKills });
      return { marked: marked.length, ids: marked.slice(0, 100) };
    },
  },
  {
    name: "prices", schedule: "0 40 11 * * *",
    description: "After ESI's daily market history refresh (11:05 UTC) and downtime: history of every type stored kills carry and their build materials, /markets/prices/, then the last 2 days' kills valued again",
    run: (context) => runPricesJob(context),
  },
  {
    name: "history-correct", schedule: "0 55 11 * * *",
    description: "After the prices job's revalue: the last 3 days of entity_daily recomputed whole from the killmails, this month and the last rebuilt from their days (self-correcting)",
    run: ({ sql, now }) => correctRecentHistory({ sql, now: now() }),
  },
  {
    name: "snapshots", schedule: "0 50 * * * *",
    description: "Today's snapshot of every corporation and alliance whose figures (members, corporations, all-time kills, losses and ISK) changed since its latest; hourly, each run rewriting the day's rows, so a missed run loses nothing",
    run: ({ sql, now }) => takeSnapshots({ sql, now: now() }),
  },
  {
    name: "sso", schedule: "0 * * * * *",
    description: "Logged-in characters whose turn has come (every SSO_SYNC_MINUTES): refresh the token, fetch their and their corporation's recent killmails, hold new ones for the character's delay; then queue every held kill that is due",
    async run({ accounts, release }) {
      if (accounts) return runSync({ deps: accounts });
      return { loginConfigured: false, ...(release ? await releaseDue({ deps: release }) : {}) };
    },
  },
  {
    name: "housekeeping", schedule: "0 40 4 * * *",
    description: "Drop finished jobs past retention (a day, failed 14 days), vacuum-analyse this month's partitions",
    run: ({ sql, queues, now }) => runHousekeeping({ sql, queues, now: now(), keepCompletedMs: DAY_MS, keepFailedMs: 14 * DAY_MS }),
  },
];

export function findCronJob(name: string) {
  return CRON_JOBS.find((job) => job.name === name);
}
