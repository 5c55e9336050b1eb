/**
 * `emulate --now`: a record is moved to the moment it is published, so the sandbox's kills are from the last
 * minutes and every "last 24 hours" panel fills, instead of replaying 2008–2026 dates. The record object is the one
 * every endpoint reads (R2Z2, RedisQ, EVE-KILL, ESI, history), so they all agree on the new time; id and hash do not
 * change. The original time stays on the record (`original_killmail_time`), and the history index gets the record
 * under its new day (with `present`, the feed starts that index empty: feed.ts).
 */
import { dayOf, type EmulatorDataset, type EmulatorRecord, type EsiBody } from "./dataset.ts";

/** ESI's time format: whole seconds, UTC. */
export const esiTime = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");

function moveDay({ dataset, record, from }: { dataset: EmulatorDataset; record: EmulatorRecord; from: string }) {
  const old = dataset.days.get(from);
  const at = old?.indexOf(record) ?? -1;
  if (old && at >= 0) old.splice(at, 1);
  // A day left empty is no day of the archive any more (404, absent from totals.json), as on zKillboard.
  if (old && !old.length) dataset.days.delete(from);
  const day = dayOf(record);
  const list = dataset.days.get(day) ?? [];
  // Sorted by id, as the history files are (UPSTREAMS b.1).
  const index = list.findIndex((other) => other.killmail_id > record.killmail_id);
  list.splice(index === -1 ? list.length : index, 0, record);
  dataset.days.set(day, list);
}

export function retimeRecord({ dataset, record, at }: { dataset: EmulatorDataset; record: EmulatorRecord; at: number }) {
  const time = esiTime(at);
  const from = dayOf(record);
  // A synthetic record builds its body on access: the new time is laid over whatever that access returns.
  const descriptor = Object.getOwnPropertyDescriptor(record, "esi")!;
  const read: () => EsiBody = descriptor.get ? descriptor.get.bind(record) : () => descriptor.value as EsiBody;
  record.original_killmail_time ??= record.killmail_time;
  record.killmail_time = time;
  Object.defineProperty(record, "esi", { get: () => ({ ...read(), killmail_time: time }), enumerable: true, configurable: true });
  moveDay({ dataset, record, from });
}

/** The times of `count` records published at `now`, spread evenly over the `spanMs` before it (the last one at `now`). */
export function spreadTimes({ count, now, spanMs }: { count: number; now: number; spanMs: number }) {
  return Array.from({ length: count }, (_, index) => now - (count > 1 ? Math.round((spanMs * (count - 1 - index)) / (count - 1)) : 0));
}
