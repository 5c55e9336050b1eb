import { describe, expect, test } from "bun:test";
import { keyColumns, parseSdeRows, SDE_TABLES } from "./sde.models.ts";

const typeAttributes = SDE_TABLES.find((spec) => spec.table === "type_attributes")!;

describe("parseSdeRows", () => {
  test("a table with a composite key keeps every key column", () => {
    expect(keyColumns({ spec: typeAttributes })).toEqual(["type_id", "attribute_id"]);
    const rows = parseSdeRows({ spec: typeAttributes, text: '{"type_id":12038,"attribute_id":1547,"value":1}\n' });
    expect(rows).toEqual([{ type_id: 12038, attribute_id: 1547, value: 1 }]);
  });

  test("a row missing part of a composite key is refused with its line", () => {
    expect(() => parseSdeRows({ spec: typeAttributes, text: '{"type_id":1,"value":1}' })).toThrow("type_attributes line 1: missing attribute_id");
  });
});
