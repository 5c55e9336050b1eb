/**
 * One lifecycle for every long-running role: SIGTERM/SIGINT abort `signal`, the role's `run` returns once it
 * has drained, and a drain that overruns `drainDeadlineMs` is cut short. Fly.io kills 5 s after SIGTERM by
 * default (fly.toml raises kill_timeout to 30 s), so the default deadline stays below that.
 * Exit codes: 0 on SIGTERM or a clean finish, 130 on SIGINT. A failure is thrown on to the CLI, which prints
 * it as one line and exits 1, the same way for every command.
 */
import type { Logger } from "./log.ts";

export const DRAIN_DEADLINE_MS = 25_000;

export type ServiceContext = { signal: AbortSignal };

export async function runService({
  name,
  logger,
  run,
  drainDeadlineMs = DRAIN_DEADLINE_MS,
}: {
  name: string;
  logger: Logger;
  run: (context: ServiceContext) => Promise<void>;
  drainDeadlineMs?: number;
}): Promise<never> {
  const controller = new AbortController();
  let exitCode = 0;
  let deadline: Timer | undefined;
  const onSignal = (signalName: "SIGTERM" | "SIGINT") => {
    if (controller.signal.aborted) {
      logger.warn(`${signalName} again: exiting now`);
      process.exit(signalName === "SIGINT" ? 130 : 0);
    }
    exitCode = signalName === "SIGINT" ? 130 : 0;
    logger.info(`${signalName} received: draining ${name} (deadline ${drainDeadlineMs} ms)`);
    controller.abort(new Error(signalName));
    deadline = setTimeout(() => {
      logger.error(`${name} did not drain within ${drainDeadlineMs} ms: exiting`);
      process.exit(exitCode || 1);
    }, drainDeadlineMs);
  };
  const onTerm = () => onSignal("SIGTERM");
  const onInt = () => onSignal("SIGINT");
  process.on("SIGTERM", onTerm);
  process.on("SIGINT", onInt);

  try {
    await run({ signal: controller.signal });
  } finally {
    clearTimeout(deadline);
    process.off("SIGTERM", onTerm);
    process.off("SIGINT", onInt);
  }
  logger.info(`${name} stopped`);
  process.exit(exitCode);
}
