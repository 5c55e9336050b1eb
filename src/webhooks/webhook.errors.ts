/** Errors of webhook management, each one readable CLI line naming what to fix. */
import { AppError } from "../app/errors.ts";

export const createWebhookInputError = ({ message }: { message: string }) =>
  new AppError({ code: "webhook.bad_input", message, status: 400 });

export const createWebhookNotFoundError = ({ id }: { id: string | number }) =>
  new AppError({ code: "webhook.not_found", message: `no webhook with id ${id} (see killboard webhook list)`, status: 404 });
