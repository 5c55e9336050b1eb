import { describe, expect, test } from "bun:test";
import { imagePath, initialsOf, keepSeconds, parseImageRequest, renderPlaceholder } from "./images.models.ts";

describe("image route rules", () => {
  test("the image server's categories, variations and sizes are accepted; anything else is named", () => {
    expect(parseImageRequest({ category: "types", id: "587", variation: "render", size: "128" })).toEqual({ request: { category: "types", id: 587, variation: "render", size: 128 } });
    expect(parseImageRequest({ category: "characters", id: "90000001", variation: "portrait", size: undefined })).toMatchObject({ request: { size: 64 } });
    expect(parseImageRequest({ category: "ships", id: "1", variation: "icon", size: "64" })).toEqual({ problem: expect.stringContaining("category must be one of") });
    expect(parseImageRequest({ category: "alliances", id: "1", variation: "portrait", size: "64" })).toEqual({ problem: "alliances images are logo" });
    expect(parseImageRequest({ category: "types", id: "-1", variation: "icon", size: "64" })).toHaveProperty("problem");
    expect(parseImageRequest({ category: "types", id: "1", variation: "icon", size: "100" })).toEqual({ problem: expect.stringContaining("size must be") });
    expect(parseImageRequest({ category: "constructor", id: "1", variation: "icon", size: "64" })).toHaveProperty("problem");
    expect(imagePath({ category: "types", id: 587, variation: "icon", size: 64 })).toBe("types/587/icon?size=64");
  });

  test("an answer is kept as long as its max-age says, a day without one, a year at most", () => {
    expect(keepSeconds({ cacheControl: "public, max-age=3600" })).toBe(3600);
    expect(keepSeconds({ cacheControl: null })).toBe(86_400);
    expect(keepSeconds({ cacheControl: "max-age=999999999" })).toBe(365 * 86_400);
  });

  test("placeholders: initials of a name, a silhouette by category, the requested size, and a hostile name kept as text", () => {
    expect(initialsOf({ name: "Goonswarm Federation" })).toBe("GF");
    expect(initialsOf({ name: "test" })).toBe("TE");
    expect(initialsOf({ name: null })).toBe("?");
    const hostile = renderPlaceholder({ subject: { kind: "entity", name: `<script>alert(1)</script> Evil`, round: true }, size: 128 });
    expect(hostile).not.toContain("<script>");
    expect(hostile).toContain('width="128" height="128"');
    expect(hostile).toContain(">SA</text>");
    const ship = renderPlaceholder({ subject: { kind: "type", categoryId: 6, label: "Typhoon" }, size: 64 });
    const module = renderPlaceholder({ subject: { kind: "type", categoryId: 7, label: "Cruise Missile Launcher II" }, size: 64 });
    expect(ship).not.toBe(module.replace("Cruise Missile Launcher II", "Typhoon"));
    expect(ship).toContain("<title>Typhoon</title>");
  });
});
