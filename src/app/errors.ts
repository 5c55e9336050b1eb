/** One coded error type for the whole app; modules add factories, `onError` and the CLI map it to a response. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;
  /** What the CLI exits with when this ends a command: 2 for a command line that does not parse, else 1. */
  readonly exitCode: number;

  constructor({ code, message, status = 500, details, cause, exitCode = 1 }: {
    code: string;
    message: string;
    status?: number;
    details?: unknown;
    cause?: unknown;
    exitCode?: number;
  }) {
    super(message, { cause });
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.details = details;
    this.exitCode = exitCode;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export function createConfigError({ problems }: { problems: string[] }) {
  return new AppError({
    code: "config.invalid",
    message: `Invalid configuration: ${problems.join("; ")}`,
    status: 500,
    details: problems,
  });
}

/** The command line names a flag, command or argument the command does not declare (exit code 2). */
export const createUsageError = ({ message }: { message: string }) =>
  new AppError({ code: "cli.usage", message, status: 400, exitCode: 2 });

/** A flag's value is out of its range or shape; raised before anything connects. */
export const createFlagValueError = ({ message }: { message: string }) =>
  new AppError({ code: "cli.bad_value", message, status: 400 });

/** A port the process must listen on is taken; `name` is the variable or flag that sets it. */
export const createPortInUseError = ({ name, port, cause }: { name: string; port: number; cause?: unknown }) =>
  new AppError({ code: "net.port_in_use", message: `port ${port} is already in use; set ${name} to a free port`, status: 503, cause });

/**
 * The one line a failure shows a user, and its exit code. A failure while closing resources arrives wrapped
 * in a SuppressedError: the failure that started the shutdown is the one worth naming.
 */
export function describeFailure({ error }: { error: unknown }) {
  const original = error instanceof SuppressedError ? error.suppressed : error;
  const message = original instanceof Error ? original.message : String(original);
  // Command-line errors name the flag themselves; a code in front would only repeat it.
  const code = isAppError(original) && !original.code.startsWith("cli.") ? `${original.code}: ` : "";
  const exitCode = isAppError(original) ? original.exitCode : 1;
  const stack = original instanceof Error ? original.stack : undefined;
  return { line: `error: ${code}${message.replace(/\s*\n\s*/g, " ")}`, exitCode, stack };
}
