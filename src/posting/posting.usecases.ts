/**
 * Manual posting (/post/): an ESI killmail link, or an id and a hash. The pair is checked with ESI before it is
 * queued, so a wrong hash is ESI's own 422 reason on the page, not a failed job nobody sees; a kill already
 * stored is a link to it. The worker then fetches and stores it like any feed's kill.
 */
import { z } from "zod";
import { AppError } from "../app/errors.ts";
import type { EsiClient } from "../esi/esi.client.ts";
import { EsiError } from "../esi/esi.errors.ts";
import type { KillmailJob } from "../queue/queue.schemas.ts";
import { postFormSchema } from "../accounts/accounts.schemas.ts";

export type PostDeps = {
  esi: Pick<EsiClient, "getKillmail">;
  isStored: (killmailId: number) => Promise<boolean>;
  enqueue: (jobs: KillmailJob[]) => Promise<void>;
  now: () => Date;
};
export type PostOutcome = { killmailId: number; result: "queued" | "stored" };

const ESI_CHECK_MS = 8_000;
const ESI_LINK = /\/killmails\/(\d{1,12})\/([0-9a-f]{40})\/?(?:[?#].*)?$/i;

export const createPostError = ({ message, status = 400 }: { message: string; status?: number }) =>
  new AppError({ code: "post.invalid", message, status });

/** The id and hash the form names, or a readable reason it names none. */
export function readKillmailKey(form: unknown) {
  const parsed = postFormSchema.safeParse(form);
  if (!parsed.success) throw createPostError({ message: z.prettifyError(parsed.error) });
  const { link, killmail_id: id, hash } = parsed.data;
  if (link) {
    const match = ESI_LINK.exec(link);
    if (!match) throw createPostError({ message: "The link is not an ESI killmail link (…/killmails/<id>/<40-character hash>/)" });
    return { killmailId: Number(match[1]), hash: match[2]!.toLowerCase() };
  }
  if (!/^\d{1,12}$/.test(id) || Number(id) < 1) throw createPostError({ message: "Give an ESI killmail link, or a killmail id (digits) and its hash" });
  if (!/^[0-9a-f]{40}$/i.test(hash)) throw createPostError({ message: "The hash must be 40 hexadecimal characters" });
  return { killmailId: Number(id), hash: hash.toLowerCase() };
}

export async function postKillmail({ deps, form }: { deps: PostDeps; form: unknown }): Promise<PostOutcome> {
  const { killmailId, hash } = readKillmailKey(form);
  if (await deps.isStored(killmailId)) return { killmailId, result: "stored" };
  try {
    // Within the page's own time: a downtime or error-limit wait is "try again", not a dropped connection.
    await deps.esi.getKillmail({ killmailId, hash, signal: AbortSignal.timeout(ESI_CHECK_MS) });
  } catch (error) {
    if (error instanceof EsiError && error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 420 && error.httpStatus !== 429) {
      throw createPostError({ message: `ESI refused this killmail (HTTP ${error.httpStatus}): ${error.reason}`, status: error.httpStatus === 404 ? 404 : 422 });
    }
    throw createPostError({ message: "ESI cannot be reached right now: try again in a minute", status: 503 });
  }
  await deps.enqueue([{ killmailId, hash, source: "manual", firstSeenAt: deps.now().toISOString() }]);
  return { killmailId, result: "queued" };
}
