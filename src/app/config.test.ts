import { describe, expect, test } from "bun:test";
import { describeConfig, loadConfig, parseDotenv } from "./config.ts";

describe("loadConfig", () => {
  test("defaults point at the local stack started by scripts/dev", () => {
    const { config, sources } = loadConfig({ env: {}, dotenv: {} });
    expect(config.DATABASE_URL).toBe("postgres://killboard@127.0.0.1:5432/killboard");
    expect(config.PORT).toBe(3000);
    expect(config.WS_PORT).toBe(3001);
    expect(config.LOG_FORMAT).toBe("pretty");
    expect(sources.PORT).toBe("default");
  });

  test("the environment wins over .env, and each value says where it came from", () => {
    const { config, sources } = loadConfig({ env: { PORT: "4000" }, dotenv: { PORT: "5000", WS_PORT: "5001" } });
    expect(config.PORT).toBe(4000);
    expect(sources.PORT).toBe("env");
    expect(config.WS_PORT).toBe(5001);
    expect(sources.WS_PORT).toBe(".env");
  });

  test("a bad config names every bad variable in one error", () => {
    expect(() => loadConfig({ env: { DATABASE_URL: "nope", PORT: "70000", LOG_FORMAT: "xml" }, dotenv: {} })).toThrow(
      /DATABASE_URL: .*; PORT: .*; LOG_FORMAT: /,
    );
  });

  test("a redis URL is not accepted as the database URL", () => {
    expect(() => loadConfig({ env: { DATABASE_URL: "redis://localhost" }, dotenv: {} })).toThrow(/DATABASE_URL/);
  });
});

describe("describeConfig", () => {
  test("redacts secrets and passwords", () => {
    const loaded = loadConfig({
      env: { TYPESENSE_API_KEY: "hunter2", DATABASE_URL: "postgres://user:s3cr3tpw@db:5432/kb" },
      dotenv: {},
    });
    const rows = describeConfig(loaded);
    const text = JSON.stringify(rows);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("s3cr3tpw");
    expect(rows.find((row) => row.key === "TYPESENSE_API_KEY")?.value).toBe("***");
    expect(rows.find((row) => row.key === "DATABASE_URL")?.source).toBe("env");
  });
});

describe("parseDotenv", () => {
  test("reads KEY=value lines, strips quotes and ignores comments", () => {
    expect(parseDotenv("# c\nA=1\nexport B=\"two\"\n\nC='3'\nnot a line")).toEqual({ A: "1", B: "two", C: "3" });
  });
});

describe("TRUST_PROXY_HEADER", () => {
  test("is off unless explicitly enabled, and refuses anything but a boolean word", () => {
    expect(loadConfig({ env: {}, dotenv: {} }).config.TRUST_PROXY_HEADER).toBe(false);
    expect(loadConfig({ env: { TRUST_PROXY_HEADER: "true" }, dotenv: {} }).config.TRUST_PROXY_HEADER).toBe(true);
    expect(() => loadConfig({ env: { TRUST_PROXY_HEADER: "maybe" }, dotenv: {} })).toThrow(/TRUST_PROXY_HEADER/);
  });
});

describe("BOARD_ENTITIES", () => {
  test("is parsed once into kind and id pairs, repeats dropped, and printed back in the same syntax", () => {
    const loaded = loadConfig({ env: { BOARD_ENTITIES: "alliance:99000001, corporation:98000001,character:90000001,alliance:99000001" }, dotenv: {} });
    expect(loaded.config.BOARD_ENTITIES).toEqual([
      { kind: "alliance", id: 99000001 }, { kind: "corporation", id: 98000001 }, { kind: "character", id: 90000001 },
    ]);
    expect(describeConfig(loaded).find((row) => row.key === "BOARD_ENTITIES")?.value).toBe("alliance:99000001,corporation:98000001,character:90000001");
    expect(loadConfig({ env: {}, dotenv: {} }).config.BOARD_ENTITIES).toBeUndefined();
  });

  test("a bad entry fails the config with the expected syntax named", () => {
    for (const value of ["99000001", "faction:500001", "alliance:", "alliance:0", "alliance:1;corporation:2"]) {
      expect(() => loadConfig({ env: { BOARD_ENTITIES: value }, dotenv: {} })).toThrow(/BOARD_ENTITIES: must be comma-separated kind:id pairs/);
    }
  });
});
