/**
 * Space class of a solar system. Bands use the raw (unrounded) security, as zKillboard's labels do
 * (cron/3.queueProcess.php: `security >= 0.45` highsec, `>= 0.05`... see rules.ts for the exact split);
 * region id ranges: 11000000–11999999 wormholes (11000033 is Drifter space), 12000000–12999999 abyssal,
 * 10000070 Pochven.
 */
import type { SpaceClass } from "./killmail.types.ts";
import type { SystemInfo } from "../universe/universe.types.ts";
import { RULES_THRESHOLDS } from "./rules.ts";
import { findNearestCelestial, type Celestial, type Position } from "../universe/celestials.models.ts";

const { highsecMinSecurity, lowsecMinSecurity, pochvenRegionId, drifterRegionId } = RULES_THRESHOLDS;

const inRange = (value: number, [first, last]: readonly [number, number]) => value >= first && value <= last;

export function classifySpace({ system }: { system: SystemInfo | undefined }): SpaceClass {
  if (!system) return "unknown";
  const { regionId, security } = system;
  if (regionId === drifterRegionId) return "drifter";
  if (inRange(regionId, RULES_THRESHOLDS.wormholeRegions)) return "w-space";
  if (inRange(regionId, RULES_THRESHOLDS.abyssalRegions)) return "abyssal";
  if (regionId === pochvenRegionId) return "pochven";
  if (security >= highsecMinSecurity) return "highsec";
  if (security >= lowsecMinSecurity) return "lowsec";
  return "nullsec";
}

/** `locationId` is zKillboard's nearest celestial to the victim; null without a position or celestial data. */
export function deriveLocation({ solarSystemId, system, position, celestials }: {
  solarSystemId: number;
  system: SystemInfo | undefined;
  position?: Position;
  celestials: readonly Celestial[];
}) {
  return {
    locationId: findNearestCelestial({ position, celestials }).celestial?.celestialId ?? null,
    solarSystemId,
    constellationId: system?.constellationId ?? null,
    regionId: system?.regionId ?? null,
    security: system?.security ?? null,
    spaceClass: classifySpace({ system }),
  };
}
