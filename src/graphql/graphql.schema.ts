/**
 * The GraphQL schema, as SDL. SDL rather than a code-first builder (Pothos): the schema is the public contract tool
 * authors read (served as-is at /graphql/schema.graphql), it stays one reviewable text, and the resolvers beside it
 * are plain functions over the same use cases and repositories the REST API uses. Enums and the filter mirror
 * `/api/v1/killmails` exactly; the filter is validated by that API's zod schema, so both refuse the same input.
 * Entity ids are Int: EVE's character, corporation, alliance, type and location ids all fit in 32 bits.
 */
export const typeDefs = /* GraphQL */ `
"""An ISO 8601 time in UTC, e.g. 2026-11-30T18:04:12Z."""
scalar DateTime

enum PartyKind { character corporation alliance faction ship group }
enum Role { any attacker victim finalblow }
enum TopKind { character corporation alliance ship system }
enum TopMetric { kills points isk }
enum TopPeriod { week alltime }
enum SearchKind { character corporation alliance ship item system constellation region }

"""
Which killmails: the query parameters of /api/v1/killmails. entityKind and entityId go together; label values are
killmail labels (solo, loc:nullsec, isk:10b+, …); type is one of the friendly lists (solo, big, capitals, 10b, …).
"""
input KillmailFilter {
  entityKind: PartyKind
  entityId: Int
  role: Role
  label: [String!]
  type: String
  minValue: Float
  maxValue: Float
  solarSystemId: Int
  constellationId: Int
  regionId: Int
  shipGroupId: Int
  "Not in subscriptions: a live stream has no time range."
  since: DateTime
  "Not in subscriptions."
  until: DateTime
}

type Query {
  killmail(id: Int!): Killmail
  "Newest first, keyset-paged: pass pageInfo.endCursor as after. The cursors are those of /api/v1/killmails."
  killmails(filter: KillmailFilter, first: Int = 50, after: String): KillmailConnection!
  character(id: Int!): Character
  corporation(id: Int!): Corporation
  alliance(id: Int!): Alliance
  faction(id: Int!): Faction
  shipType(id: Int!): ShipType
  group(id: Int!): Group
  system(id: Int!): System
  constellation(id: Int!): Constellation
  region(id: Int!): Region
  item(id: Int!): Item
  "Names and tickers, at least two characters."
  search(q: String!, kind: SearchKind, limit: Int = 10): [SearchResult!]!
  "As /top/: on a board (BOARD_ENTITIES), characters, corporations and alliances are ranked among its members."
  top(kind: TopKind = character, metric: TopMetric = kills, period: TopPeriod = week, limit: Int = 10): [TopEntry!]!
}

type Subscription {
  """
  Every killmail stored from now on that matches, in live-sequence order. With after: first those numbered after
  it (a reconnecting client passes the last sequence it received), exactly once, then live. Numbers older than the
  retained window are not replayed: one event with gap set says which, and killmails pages them.
  """
  killmailAdded(filter: KillmailFilter, after: Int): KillmailAdded!
}

type KillmailAdded {
  sequence: Int!
  killmail: Killmail
  gap: Gap
}

type Gap {
  from: Int!
  to: Int!
  message: String!
}

type KillmailConnection {
  edges: [KillmailEdge!]!
  pageInfo: PageInfo!
}
type KillmailEdge {
  cursor: String!
  node: Killmail!
}
type PageInfo {
  hasNextPage: Boolean!
  endCursor: String
}

type Killmail {
  id: Int!
  hash: String
  time: DateTime!
  "The live sequence number: what subscriptions and /ws/v1 resume from."
  sequence: Int
  url: String!
  system: System
  security: Float
  "The nearest celestial (zKillboard's locationID)."
  locationId: Int
  locationName: String
  victim: Victim!
  attackerCount: Int!
  "Sorted by damage done, the largest first."
  attackers(first: Int = 200): [Attacker!]!
  finalBlow: Attacker
  "Fitted, cargo and container items, with their contents nested."
  items: [KillmailItem!]!
  values: Values!
  labels: [String!]!
  points: Int!
  solo: Boolean!
  npc: Boolean!
  awox: Boolean!
}

type Values {
  total: Float!
  fitted: Float!
  dropped: Float!
  destroyed: Float!
}

type Victim {
  character: Character
  corporation: Corporation
  alliance: Alliance
  faction: Faction
  ship: ShipType
  damageTaken: Int!
}

type Attacker {
  character: Character
  corporation: Corporation
  alliance: Alliance
  faction: Faction
  ship: ShipType
  weapon: Item
  damageDone: Int!
  finalBlow: Boolean!
  securityStatus: Float!
}

type KillmailItem {
  item: Item!
  flag: Int!
  slot: String!
  singleton: Int!
  "Float: ESI's quantities are 64-bit."
  quantityDropped: Float!
  quantityDestroyed: Float!
  "ISK per unit at the kill's time."
  unitPrice: Float!
  "Where the price came from: market, build, fixed, override, esi-average, …"
  priceSource: String!
  "unitPrice × (dropped + destroyed)."
  value: Float!
  contents: [KillmailItem!]!
}

type Stats {
  shipsDestroyed: Int!
  shipsLost: Int!
  iskDestroyed: Float!
  iskLost: Float!
  pointsDestroyed: Int!
  pointsLost: Int!
  soloKills: Int!
  soloLosses: Int!
  dangerRatio: Int!
  gangRatio: Int!
  avgGangSize: Float!
  "The last 7 days, as on the entity page."
  topShipsUsed: [TopEntry!]!
  topShipsLost: [TopEntry!]!
  topSystems: [TopEntry!]!
  "Kills and losses per UTC month over the last two years, newest first, as on the entity page (the monthly rollup)."
  months: [MonthStats!]!
}

type MonthStats {
  "YYYY-MM"
  month: String!
  kills: Int!
  losses: Int!
  iskDestroyed: Float!
  iskLost: Float!
}

type TopEntry {
  kind: String!
  id: Int!
  name: String!
  score: Float!
}

type SearchResult {
  kind: SearchKind!
  id: Int!
  name: String!
  ticker: String
  url: String!
}

type Character {
  id: Int!
  name: String!
  corporation: Corporation
  alliance: Alliance
  securityStatus: Float
  url: String!
  kills(first: Int = 50, after: String): KillmailConnection!
  losses(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type Corporation {
  id: Int!
  name: String!
  ticker: String
  alliance: Alliance
  memberCount: Int
  ceo: Character
  dateFounded: DateTime
  url: String!
  kills(first: Int = 50, after: String): KillmailConnection!
  losses(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type Alliance {
  id: Int!
  name: String!
  ticker: String
  executor: Corporation
  memberCount: Int
  dateFounded: DateTime
  url: String!
  kills(first: Int = 50, after: String): KillmailConnection!
  losses(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type Faction {
  id: Int!
  name: String!
  url: String!
  kills(first: Int = 50, after: String): KillmailConnection!
  losses(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type ShipType {
  id: Int!
  name: String!
  group: Group
  url: String!
  "Killmails where this ship was lost."
  losses(first: Int = 50, after: String): KillmailConnection!
  "Killmails where it was flown by an attacker."
  kills(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
  priceHistory(days: Int = 90): [PricePoint!]!
}

type Group {
  id: Int!
  name: String!
  categoryId: Int
  url: String!
  losses(first: Int = 50, after: String): KillmailConnection!
  kills(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type System {
  id: Int!
  name: String!
  security: Float!
  constellation: Constellation
  region: Region
  url: String!
  killmails(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type Constellation {
  id: Int!
  name: String!
  region: Region
  url: String!
  killmails(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

type Region {
  id: Int!
  name: String!
  url: String!
  killmails(first: Int = 50, after: String): KillmailConnection!
  stats: Stats!
}

"Any type: a module, a charge, a ship as cargo."
type Item {
  id: Int!
  name: String!
  group: Group
  "The SDE's base price, for reference; killmail values come from the market."
  basePrice: Float
  url: String!
  priceHistory(days: Int = 90): [PricePoint!]!
}

"One day's The Forge market average, as the killmail values use it."
type PricePoint {
  day: String!
  average: Float!
  source: String!
}
`;
