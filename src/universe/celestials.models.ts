/**
 * zKillboard's `locationID` (classes/Info.php getLocationID): the celestial of the kill's system nearest to the
 * victim's position; for stargates and stations the distance is to their surface (minus the type's radius,
 * never below 0). The first of equally near celestials wins, in id order. Abyssal systems have none:
 * scripts/build-celestials.ts leaves them out of the bundle, so their list is empty.
 */
export type CelestialKind = "star" | "planet" | "moon" | "belt" | "stargate" | "station";

export type Celestial = {
  celestialId: number;
  kind: CelestialKind;
  x: number;
  y: number;
  z: number;
  /** Metres; set for stargates and stations only. */
  radius: number | null;
  name: string;
};

export type Position = { x: number; y: number; z: number };

function distanceTo({ celestial, position }: { celestial: Celestial; position: Position }) {
  const centre = Math.hypot(celestial.x - position.x, celestial.y - position.y, celestial.z - position.z);
  return celestial.radius === null ? centre : Math.max(0, centre - celestial.radius);
}

export function findNearestCelestial({ position, celestials }: {
  position: Position | undefined;
  celestials: readonly Celestial[];
}) {
  if (!position) return { celestial: null };
  let nearest: Celestial | null = null;
  let best = Infinity;
  for (const celestial of celestials) {
    const distance = distanceTo({ celestial, position });
    if (distance < best) [nearest, best] = [celestial, distance];
  }
  return { celestial: nearest };
}
