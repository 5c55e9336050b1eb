import { AppError } from "../app/errors.ts";

/** A non-retryable ESI answer (4xx other than 420/429), or retries exhausted on 5xx/timeouts. */
export class EsiError extends AppError {
  readonly httpStatus: number;
  readonly path: string;
  /** What ESI said, as it said it (its error body, cut short). */
  readonly detail: string;
  constructor({ httpStatus, path, message }: { httpStatus: number; path: string; message: string }) {
    super({ code: `esi.http_${httpStatus || "network"}`, message: `ESI ${path}: ${httpStatus || "no response"} ${message}`, status: 502 });
    this.httpStatus = httpStatus;
    this.path = path;
    this.detail = message;
  }

  /** ESI's own sentence: the `error` of its JSON body, or the body's text. */
  get reason() {
    try {
      const body = JSON.parse(this.detail) as { error?: unknown };
      if (typeof body.error === "string") return body.error;
    } catch {
      // not JSON: the text is the reason
    }
    return this.detail || `HTTP ${this.httpStatus}`;
  }
}

/** Permanent: retrying an invalid id/hash pair will never succeed (ESI 422, or 404 for the killmail). */
export const isPermanentEsiError = (error: unknown) =>
  error instanceof EsiError && (error.httpStatus === 422 || error.httpStatus === 404 || error.httpStatus === 400);
