/** zKillboard as `killboard status` reads it: R2Z2's head and the history totals, each with a short deadline. */
import { createHistoryClient } from "../backfill/history.client.ts";
import { createR2z2Client } from "../upstream/r2z2.client.ts";
import { STATUS_UPSTREAM_TIMEOUT_MS, type StatusUpstream } from "./status.usecases.ts";

export function createStatusUpstream({ baseUrl, userAgent }: { baseUrl: string; userAgent: string }): StatusUpstream {
  const source = { baseUrl, userAgent, timeoutMs: STATUS_UPSTREAM_TIMEOUT_MS };
  const r2z2 = createR2z2Client(source);
  const history = createHistoryClient(source);
  return { fetchHeadSequence: r2z2.fetchHeadSequence, fetchTotals: history.fetchTotals };
}
