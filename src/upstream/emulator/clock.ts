/**
 * The emulator's clock: real time shifted by an offset the control API moves, so tests can age tokens, codes
 * and windows without waiting. With the offset at 0 it is Date.now. The offset only ever moves forward through
 * `advance` (time does not run backwards for a client); `setOffset` places it anywhere, for a fresh scenario.
 */

export function createClock({ base = Date.now }: { base?: () => number } = {}) {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    offsetMs: () => offsetMs,
    advance: (ms: number) => void (offsetMs += ms),
    setOffset: (ms: number) => void (offsetMs = ms),
  };
}

export type Clock = ReturnType<typeof createClock>;

export type ClockPatch = { advanceMs?: unknown; offsetMs?: unknown };

/** Applies a control request; an error message for a body that is not one finite, forward move or offset. */
export function applyClockPatch({ clock, patch }: { clock: Clock; patch: ClockPatch }): { error?: string } {
  const { advanceMs, offsetMs } = patch;
  if (advanceMs !== undefined && offsetMs !== undefined) return { error: "give advanceMs or offsetMs, not both" };
  if (advanceMs !== undefined) {
    if (typeof advanceMs !== "number" || !Number.isFinite(advanceMs) || advanceMs < 0) return { error: "advanceMs must be a non-negative number of milliseconds" };
    clock.advance(advanceMs);
    return {};
  }
  if (offsetMs !== undefined) {
    if (typeof offsetMs !== "number" || !Number.isFinite(offsetMs)) return { error: "offsetMs must be a number of milliseconds" };
    clock.setOffset(offsetMs);
    return {};
  }
  return { error: "give advanceMs or offsetMs" };
}

export const describeClock = ({ clock }: { clock: Clock }) => ({ now: clock.now(), offsetMs: clock.offsetMs() });
