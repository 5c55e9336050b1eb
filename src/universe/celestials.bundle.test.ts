import { expect, test } from "bun:test";
import { celestialName, celestialsOf } from "./celestials.bundle.ts";

const JITA = 30000142;

test("a system's celestials come from the bundle, decoded once and kept unchangeable for every caller", () => {
  const first = celestialsOf(JITA);
  expect(first.find((celestial) => celestial.celestialId === 40009076)?.name).toBe("Jita - Star");
  expect(celestialName({ solarSystemId: JITA, celestialId: 60000361 })).toBe("Jita IV - Moon 6 - Ytiri Storage");
  expect(celestialsOf(JITA)).toBe(first);
  // Shared between callers, so none may change what the next one reads.
  expect(() => (first[0] as { name: string }).name = "changed").toThrow(TypeError);
  expect(() => (first as unknown as unknown[]).push(1)).toThrow(TypeError);
  expect(celestialsOf(JITA)[0]!.name).toBe("Jita - Star");
});

test("a system the bundle leaves out has no celestials and no celestial names", () => {
  expect(celestialsOf(31_000_000 + 99_999)).toEqual([]);
  expect(celestialName({ solarSystemId: JITA, celestialId: 1 })).toBeUndefined();
});
