/** Errors of campaigns: each one readable line (a page, a JSON error or the CLI's one line) naming what to fix. */
import { AppError } from "../app/errors.ts";

/** A bad filter or name: 400 on the web, exit code 2 on the CLI (a command line that does not parse). */
export const createCampaignInputError = ({ message }: { message: string }) =>
  new AppError({ code: "campaign.bad_input", message, status: 400, exitCode: 2 });

export const createCampaignNotFoundError = ({ id }: { id: number | string }) =>
  new AppError({ code: "campaign.not_found", message: `Campaign ${id} not found`, status: 404 });

export const createCampaignLoginError = () =>
  new AppError({ code: "campaign.session", message: "Log in to create a campaign (or your session ended: log in again)", status: 401 });
