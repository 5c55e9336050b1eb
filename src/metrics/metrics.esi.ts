/**
 * ESI as the worker sees it: every answer by HTTP status (`error` when none came: timeout, refused connection),
 * and the error budget ESI last reported for its current window (UPSTREAMS c.2: 100 non-2xx/3xx answers per
 * window per IP, then 420 everywhere). The budget is read from the client's gate when scraped; before ESI has
 * reported one in the current window the series is absent, not a guess.
 */
import { Counter, Gauge, type Registry } from "prom-client";

export type ErrorLimitState = { remain: number | null; resetAt: number; pausedUntil: number };

export function defineEsiMetrics({ registry, now = Date.now }: { registry: Registry; now?: () => number }) {
  const requests = new Counter({
    name: "killboard_esi_requests_total",
    help: "Requests sent to ESI, by HTTP status of the answer (error: no answer)",
    labelNames: ["status"], registers: [registry],
  });
  const gates: (() => ErrorLimitState)[] = [];
  const lowest = () => {
    const states = gates.map((read) => read()).filter((state) => state.remain !== null && state.resetAt > now());
    return states.length ? Math.min(...states.map((state) => state.remain!)) : null;
  };
  new Gauge({
    name: "killboard_esi_error_limit_remain",
    help: "Errors ESI still allows in its current window (X-ESI-Error-Limit-Remain); absent until ESI reports it",
    registers: [registry],
    collect() {
      this.reset();
      const remain = lowest();
      if (remain !== null) this.set(remain);
    },
  });
  new Gauge({
    name: "killboard_esi_error_limit_paused",
    help: "1 while this process holds every ESI request back for the error limit (a 420 or a nearly spent budget)",
    registers: [registry],
    collect() {
      this.set(gates.some((read) => read().pausedUntil > now()) ? 1 : 0);
    },
  });
  return {
    countRequest({ status }: { status: number | "error" }) {
      requests.inc({ status: String(status) });
    },
    watchErrorLimit({ read }: { read: () => ErrorLimitState }) {
      gates.push(read);
    },
  };
}

export type EsiMetrics = ReturnType<typeof defineEsiMetrics>;
