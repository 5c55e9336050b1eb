import { expect, test } from "bun:test";
import { filterForTab, TABS } from "../entities/entity.models.ts";
import { toLiveFilter } from "../live/live.filter.ts";
import { liveFilterSchema } from "../live/live.schemas.ts";
import { ENTITY_KINDS } from "../vocabulary/entity-kinds.ts";
import { presentLiveList, toLiveQuery } from "./killmail.live.present.ts";
import { KILL_TYPES } from "./killmail.queries.ts";

test("every entity tab and kill-type list says its filter in words /ws/v1 accepts, meaning the same filter", () => {
  const filters = [
    ...ENTITY_KINDS.flatMap((kind) => TABS.map((tab) => filterForTab({ kind, id: 30000142, tab }))),
    ...Object.values(KILL_TYPES).map((type) => ({ labels: [type.label] })),
    {},
  ];
  for (const filter of filters) {
    const query = toLiveQuery({ filter });
    const parsed = liveFilterSchema.parse(query);
    expect(toLiveFilter(parsed)).toEqual(JSON.parse(JSON.stringify(filter)));
  }
});

test("a list filtered on what a subscription cannot say is not live", () => {
  expect(toLiveQuery({ filter: { since: new Date(0) } })).toBeNull();
  expect(toLiveQuery({ filter: { npc: false, labels: ["solo"] } })).toBeNull();
  expect(presentLiveList({ settings: { socketPort: 3001 }, filter: { warId: 1 }, head: 5 })).toBeNull();
  expect(presentLiveList({ settings: { socketPort: 3001 }, filter: {}, head: 5 })).toMatchObject({ filter: "{}", after: 5, url: "" });
});
