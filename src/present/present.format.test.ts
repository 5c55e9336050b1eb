import { describe, expect, test } from "bun:test";
import { formatIsk, formatSecurity, securityClass } from "./present.format.ts";

describe("formatSecurity", () => {
  test("0.0 stays 0.0 and anything in (0, 0.05] shows 0.1", () => {
    expect(formatSecurity(0)).toBe("0.0");
    expect(formatSecurity(0.0001)).toBe("0.1");
    expect(formatSecurity(0.05)).toBe("0.1");
  });
  test("other values round to one decimal", () => {
    expect(formatSecurity(0.45)).toBe("0.5");
    expect(formatSecurity(0.9459)).toBe("0.9");
    expect(formatSecurity(-0.43)).toBe("-0.4");
    expect(formatSecurity(-0.01)).toBe("0.0");
    expect(formatSecurity(null)).toBe("?");
  });
  test("the band follows the displayed value", () => {
    expect(securityClass(0.45)).toBe("sec-high");
    expect(securityClass(0.02)).toBe("sec-low");
    expect(securityClass(-0.2)).toBe("sec-null");
  });
});

describe("formatIsk", () => {
  test("uses k, m, b and t with two decimals", () => {
    expect(formatIsk(1_234_567_890)).toBe("1.23b");
    expect(formatIsk(10_000)).toBe("10.00k");
    expect(formatIsk(12)).toBe("12.00");
  });
});
