/** The refusals of the login flow and of SSO itself: each a readable message and a 4xx, never a 500. */
import { AppError } from "../app/errors.ts";

export const createLoginError = ({ code, message, cause }: { code: string; message: string; cause?: unknown }) =>
  new AppError({ code: `login.${code}`, message, status: 400, cause });

/** EVE SSO (or its JWKS) does not answer: shown as such, not as a broken board. */
export const createSsoUnavailableError = ({ cause }: { cause?: unknown }) =>
  new AppError({ code: "sso.unavailable", message: "EVE SSO cannot be reached right now: try again in a minute", status: 503, cause });

export const createForbiddenError = ({ message }: { message: string }) => new AppError({ code: "csrf.invalid", message, status: 403 });

/** SSO said no: `invalid_grant` means the refresh token is dead (revoked, or the character changed hands). */
export class SsoError extends AppError {
  readonly oauthError: string;
  constructor({ oauthError, message }: { oauthError: string; message: string }) {
    super({ code: `sso.${oauthError}`, message, status: 502 });
    this.oauthError = oauthError;
  }
}
