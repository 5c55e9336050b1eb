import { expect, test } from "bun:test";
import { formatSecurityStatus } from "./entity.present.ts";

test("a pilot's security status reads as EVE shows it: one decimal, never -0.0", () => {
  expect([5, 4.96, -2.349, -0.04, 0, -10].map(formatSecurityStatus)).toEqual(["5.0", "5.0", "-2.3", "0.0", "0.0", "-10.0"]);
});
