import { describe, expect, test } from "bun:test";
import { findNearestCelestial, type Celestial } from "./celestials.models.ts";

const celestial = (celestialId: number, kind: Celestial["kind"], x: number, radius: number | null = null): Celestial =>
  ({ celestialId, kind, x, y: 0, z: 0, radius, name: `#${celestialId}` });
const nearestId = (x: number, celestials: Celestial[]) =>
  findNearestCelestial({ position: { x, y: 0, z: 0 }, celestials }).celestial?.celestialId ?? null;

describe("findNearestCelestial", () => {
  test("the nearest celestial by straight-line distance wins", () => {
    const celestials = [celestial(1, "star", 0), celestial(2, "planet", 1_000_000), celestial(3, "moon", 1_300_000)];
    expect(nearestId(1_100_000, celestials)).toBe(2);
    expect(nearestId(1_200_000, celestials)).toBe(3);
    expect(nearestId(-5, celestials)).toBe(1);
  });

  test("stargates and stations are measured to their surface, never below zero", () => {
    // 30 km from the gate's centre but 10 km from its 20 km surface; the moon is 15 km away.
    const celestials = [celestial(10, "moon", 45_000), celestial(20, "stargate", 0, 20_000)];
    expect(nearestId(30_000, celestials)).toBe(20);
    expect(nearestId(30_000, [celestial(10, "moon", 45_000), celestial(20, "planet", 0)])).toBe(10);
    expect(nearestId(5_000, [celestial(30, "station", 0, 20_000), celestial(40, "station", 1, 20_000)])).toBe(30);
  });

  test("of equally near celestials the first keeps the place", () => {
    expect(nearestId(0, [celestial(5, "belt", -100), celestial(6, "belt", 100)])).toBe(5);
  });

  test("no position or no celestials give no location", () => {
    expect(findNearestCelestial({ position: undefined, celestials: [celestial(1, "star", 0)] }).celestial).toBeNull();
    expect(nearestId(0, [])).toBeNull();
  });
});
