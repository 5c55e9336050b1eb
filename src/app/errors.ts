/** One coded error type for the whole app; modules add factories, `onError` and the CLI map it to a response. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor({ code, message, status = 500, details, cause }: {
    code: string;
    message: string;
    status?: number;
    details?: unknown;
    cause?: unknown;
  }) {
    super(message, { cause });
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.details = details;
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
