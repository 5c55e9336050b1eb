import { AppError } from "../app/errors.ts";

export const createNotFoundError = ({ what }: { what: string }) =>
  new AppError({ code: "web.not_found", message: `${what} not found`, status: 404 });

/** Names the bad parameter, so an API client knows what to fix. */
export const createBadParameterError = ({ parameter, problem }: { parameter: string; problem: string }) =>
  new AppError({ code: "api.bad_parameter", message: `${parameter}: ${problem}`, status: 400, details: { parameter, problem } });

export const createRateLimitedError = ({ retryAfterSeconds }: { retryAfterSeconds: number }) =>
  new AppError({ code: "api.rate_limited", message: `Too many requests; retry in ${retryAfterSeconds} s`, status: 429, details: { retryAfterSeconds } });
