import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestEmulator, type TestEmulator } from "../upstream/emulator/emulator.testing.ts";
import { fetchEverefBytes, listEverefDayFiles } from "./everef.files.ts";
import { parseEverefDayFile } from "./everef.parse.ts";

const HEADER = "date,region_id,type_id,average,highest,lowest,volume,order_count\n";
let dir: string;
let sandbox: TestEmulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "everef-files-"));
  await mkdir(join(dir, "2017"));
  await mkdir(join(dir, "2018"));
  await writeFile(join(dir, "2017", "market-history-2017-12-31.csv.bz2"), "");
  await writeFile(join(dir, "2018", "market-history-2018-01-02.csv"), `${HEADER}2018-01-02,10000002,34,5,6,4,1,1\n`);
  await writeFile(join(dir, "2018", "market-history-2018-01-02.csv.bz2"), "");
  await writeFile(join(dir, "market-history-2018-01-01.csv.bz2"), "");
  await writeFile(join(dir, "notes.txt"), "not a day file");
  sandbox = await startTestEmulator();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await sandbox?.stop();
});

const rowsOf = async (stream: AsyncIterable<Uint8Array>) => Array.fromAsync(parseEverefDayFile({ stream }));

describe("listing EVE Ref day files", () => {
  test("a directory lists its day files, in year folders or not, oldest first, each day once", async () => {
    const { files } = await listEverefDayFiles({ source: dir });
    expect(files.map((file) => file.name)).toEqual(["market-history-2017-12-31.csv.bz2", "market-history-2018-01-01.csv.bz2", "market-history-2018-01-02.csv"]);
    expect(files.map((file) => file.day)).toEqual(["2017-12-31", "2018-01-01", "2018-01-02"]);
  });

  test("from and to bound the days, both inclusive", async () => {
    const { files } = await listEverefDayFiles({ source: dir, from: "2018-01-01", to: "2018-01-01" });
    expect(files.map((file) => file.day)).toEqual(["2018-01-01"]);
  });

  test("a local file opens as its bytes", async () => {
    const { files } = await listEverefDayFiles({ source: join(dir, "2018", "market-history-2018-01-02.csv") });
    const opened = await files[0]!.open();
    expect((await rowsOf(opened!.stream)).map((row) => row.typeId)).toEqual([34]);
    expect(opened!.emulated).toBeNull();
  });

  test("a path that is neither a directory nor a day file, and a bad date, are clear errors", async () => {
    await expect(listEverefDayFiles({ source: join(dir, "missing") })).rejects.toThrow(/neither a directory/);
    await expect(listEverefDayFiles({ source: dir, from: "2018-02-30" })).rejects.toThrow(/--from "2018-02-30" is not a YYYY-MM-DD day/);
    await expect(listEverefDayFiles({ source: dir, from: "2018-02-02", to: "2018-01-01" })).rejects.toThrow(/is after/);
  });

  test("the emulator's URL lists the days of its totals.json, in EVE Ref's year folders", async () => {
    const { files } = await listEverefDayFiles({ source: `${sandbox.server.url}/market-history/`, from: "2020-06-16", to: "2020-06-19" });
    expect(files.map((file) => file.day)).toEqual(["2020-06-16", "2020-06-17", "2020-06-18", "2020-06-19"]);
    expect(files[0]!.location).toBe(`${sandbox.server.url}/market-history/2020/market-history-2020-06-16.csv.bz2`);
    const opened = await files[2]!.open();
    expect(opened!.emulated).toBe("generated");
    const rows = await rowsOf(opened!.stream);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((row) => row.day === "2020-06-18" && row.httpLastModified === "2020-06-19T11:05:00Z")).toBe(true);
  });

  test("a server without totals.json is walked day by day, and then needs both ends", async () => {
    const base = `${sandbox.server.url}/no-such-archive`;
    await expect(listEverefDayFiles({ source: base, from: "2020-01-01" })).rejects.toThrow(/totals\.json: not found \(404\): without it, give both --from and --to/);
    const { files } = await listEverefDayFiles({ source: base, from: "2020-01-01", to: "2020-01-03" });
    expect(files.map((file) => [file.day, file.optional])).toEqual([["2020-01-01", true], ["2020-01-02", true], ["2020-01-03", true]]);
    expect(await files[0]!.open()).toBeNull();
  });

  test("a missing remote file that the listing named is a 404 error naming the URL", async () => {
    const url = `${sandbox.server.url}/market-history/2099/market-history-2099-01-01.csv.bz2`;
    const { files } = await listEverefDayFiles({ source: url });
    await expect(files[0]!.open()).rejects.toThrow(`${url}: not found (404)`);
  });

  test("a server that does not answer in time is an error saying so", async () => {
    const silent = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Promise<Response>(() => {}) });
    try {
      await expect(fetchEverefBytes({ url: `http://127.0.0.1:${silent.port}/totals.json`, timeoutMs: 200 })).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      await silent.stop(true);
    }
  });
});
