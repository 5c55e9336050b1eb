import { describe, expect, test } from "bun:test";
import { compressBzip2 } from "../upstream/emulator/everef.routes.ts";
import { parseEverefDayFile, type EverefBadLine, type EverefHistoryRow } from "./everef.parse.ts";

const bytesOf = (text: string) => new Blob([text]).stream();

async function parseAll(options: Parameters<typeof parseEverefDayFile>[0]) {
  const bad: EverefBadLine[] = [];
  const rows: EverefHistoryRow[] = [];
  for await (const row of parseEverefDayFile({ ...options, onBadLine: (line) => bad.push(line) })) rows.push(row);
  return { rows, bad };
}

// One Tritanium day in each of EVE Ref's layouts: same values, columns where that year's files put them.
const VARIANTS = {
  "before 2018": "date,region_id,type_id,average,highest,lowest,volume,order_count\n2017-03-04,10000002,34,5.12,5.5,4.8,1000000,120\n",
  "2018 on, lowest before highest": "date,region_id,type_id,average,lowest,highest,volume,order_count\n2019-03-04,10000002,34,5.12,4.8,5.5,1000000,120\n",
  "from 2020-06-18, with http_last_modified":
    "average,date,highest,lowest,order_count,volume,http_last_modified,region_id,type_id\n5.12,2021-03-04,5.5,4.8,120,1000000,2021-03-05T11:05:00Z,10000002,34\n",
};

describe("EVE Ref day files", () => {
  for (const [variant, text] of Object.entries(VARIANTS)) {
    test(`the ${variant} header is read by column name`, async () => {
      const { rows, bad } = await parseAll({ stream: bytesOf(text) });
      expect(bad).toEqual([]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ typeId: 34, regionId: 10000002, average: 5.12, highest: 5.5, lowest: 4.8, volume: 1_000_000, orderCount: 120 });
    });
  }

  test("http_last_modified is kept when the file has it", async () => {
    const { rows } = await parseAll({ stream: bytesOf(VARIANTS["from 2020-06-18, with http_last_modified"]) });
    expect(rows[0]!.httpLastModified).toBe("2021-03-05T11:05:00Z");
    expect(rows[0]!.day).toBe("2021-03-04");
  });

  test("a bzip2 file gives the same rows as the plain one, across many lines and CRLF endings", async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `2017-03-04,10000002,${i + 1},${i + 0.5},${i + 1},${i},${i * 10},${i % 7}`);
    const text = `date,region_id,type_id,average,highest,lowest,volume,order_count\r\n${lines.join("\r\n")}\r\n`;
    const plain = await parseAll({ stream: bytesOf(text) });
    const packed = await parseAll({ stream: new Blob([await compressBzip2({ text })]).stream() });
    expect(packed.bad).toEqual([]);
    expect(packed.rows).toHaveLength(50_000);
    expect(packed.rows).toEqual(plain.rows);
    expect(packed.rows.at(-1)).toMatchObject({ typeId: 50_000, average: 49_999.5, volume: 499_990 });
  });

  test("a corrupt line is reported with its number and reason, and the lines after it are still read", async () => {
    const text = [
      "date,region_id,type_id,average,highest,lowest,volume,order_count",
      "2017-03-04,10000002,34,5.12,5.5,4.8,1000000,120",
      "2017-03-04,10000002,35,not-a-price,12,11,500,40",
      "2017-03-04,10000002,36",
      "2017-02-30,10000002,37,1,1,1,1,1",
      "2017-03-04,10000002,38,90.5,95,88,300,12",
      "2017-13-04,10000002,39,1,1,1,1,1",
    ].join("\n");
    const { rows, bad } = await parseAll({ stream: new Blob([await compressBzip2({ text })]).stream() });
    expect(rows.map((row) => row.typeId)).toEqual([34, 38]);
    // A month 13 is an Invalid Date: a bad line like any other, not an exception that ends the file.
    expect(bad.map((line) => line.line)).toEqual([3, 4, 5, 7]);
    expect(bad[0]!.reason).toContain('average "not-a-price"');
    expect(bad[1]!.reason).toBe("3 fields where the header has 8");
    expect(bad[2]!.reason).toContain('date "2017-02-30"');
    expect(bad[0]!.text).toBe("2017-03-04,10000002,35,not-a-price,12,11,500,40");
  });

  test("rows of other regions are skipped without being reported", async () => {
    const text = "date,region_id,type_id,average,highest,lowest,volume,order_count\n2017-03-04,10000043,34,5,6,4,1,1\n2017-03-04,10000002,34,5,6,4,1,1\n";
    const { rows, bad } = await parseAll({ stream: bytesOf(text), regions: new Set([10000002]) });
    expect(rows.map((row) => row.regionId)).toEqual([10000002]);
    expect(bad).toEqual([]);
  });

  test("a lowest above the highest is taken as the two swapped", async () => {
    const { rows } = await parseAll({ lines: ["date,region_id,type_id,average,highest,lowest,volume,order_count", "2019-01-01,10000002,34,5,4,6,1,1"] });
    expect(rows[0]).toMatchObject({ highest: 6, lowest: 4 });
  });

  test("a file without the market-history header is refused, naming what is missing", async () => {
    const parsing = parseAll({ stream: bytesOf("foo,bar\n1,2\n"), name: "market-history-2017-03-04.csv" });
    await expect(parsing).rejects.toThrow(/market-history-2017-03-04\.csv: not a market-history file: header lacks date, region_id/);
  });

  test("a truncated bzip2 file is an error, not a silently short import", async () => {
    const packed = await compressBzip2({ text: VARIANTS["before 2018"].repeat(1000) });
    await expect(parseAll({ stream: new Blob([packed.slice(0, packed.length - 20)]).stream() })).rejects.toThrow(/bzip2/);
  });
});
