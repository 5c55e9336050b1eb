/**
 * The shapes every layer shares: what a feed hands in, and the derived record the pure model builds from it
 * (stored by the repository, shown by `killmail show`, served by the web and the API).
 */
import type { PriceInputs, PriceSource, ResolvedPrice } from "../prices/prices.types.ts";
import type { PriceWhen } from "../prices/resolver.models.ts";
import type { SystemInfo, TypeInfo } from "../universe/universe.types.ts";
import type { Celestial } from "../universe/celestials.models.ts";
import type { EsiKillmail } from "./killmail.schemas.ts";
import type { PartyKind } from "../vocabulary/entity-kinds.ts";

export const KILLMAIL_SOURCES = ["r2z2", "redisq", "ekws", "backfill", "import", "manual", "sso"] as const;
export type KillmailSource = (typeof KILLMAIL_SOURCES)[number];

/** What every feed and importer hands to the model. */
export type KillmailInput = {
  killmailId: number;
  hash: string | null;
  esi: EsiKillmail;
  /** zKillboard's own block when the source carried one; kept to compare, never trusted for our values. */
  upstreamZkb?: unknown;
  source: KillmailSource;
  firstSeenAt: Date;
};

export type SpaceClass = "highsec" | "lowsec" | "nullsec" | "w-space" | "abyssal" | "pochven" | "drifter" | "unknown";

export type Slot =
  | "high" | "mid" | "low" | "rig" | "subsystem" | "service" | "drone_bay" | "fighter_bay" | "fighter_tube"
  | "cargo" | "implant" | "booster" | "ship_hangar" | "fleet_hangar" | "specialized_hold" | "structure_fuel"
  | "other";

export type DerivedAttacker = {
  attackerIndex: number;
  characterId: number | null;
  corporationId: number | null;
  allianceId: number | null;
  factionId: number | null;
  shipTypeId: number | null;
  shipGroupId: number | null;
  weaponTypeId: number | null;
  damageDone: number;
  /** damage_done / victim damage_taken, 0 when the victim took no damage. */
  damageShare: number;
  finalBlow: boolean;
  securityStatus: number;
};

export type DerivedItem = {
  /** Depth-first position, 0-based; a container's contents follow it. */
  itemIndex: number;
  parentIndex: number | null;
  typeId: number;
  flag: number;
  slot: Slot;
  singleton: number;
  quantityDropped: number;
  quantityDestroyed: number;
  unitPrice: number;
  priceSource: PriceSource;
  /** What the unit price was computed from (history window, recipe, rule). */
  priceInputs: PriceInputs;
};

export type Involvement = {
  entityKind: PartyKind;
  entityId: number;
  isVictim: boolean;
  isFinalBlow: boolean;
};

export type DerivedKillmail = {
  killmailId: number;
  killmailTime: Date;
  hash: string | null;
  solarSystemId: number;
  constellationId: number | null;
  regionId: number | null;
  /** Raw (unrounded) system security; null when the system is unknown. */
  security: number | null;
  spaceClass: SpaceClass;
  locationId: number | null;
  moonId: number | null;
  warId: number | null;
  victim: {
    characterId: number | null;
    corporationId: number | null;
    allianceId: number | null;
    factionId: number | null;
    shipTypeId: number;
    shipGroupId: number | null;
    shipCategoryId: number | null;
    damageTaken: number;
  };
  finalBlow: { characterId: number | null; corporationId: number | null; allianceId: number | null; shipTypeId: number | null } | null;
  attackerCount: number;
  attackers: DerivedAttacker[];
  items: DerivedItem[];
  involvement: Involvement[];
  values: {
    hull: ResolvedPrice;
    fitted: number;
    dropped: number;
    destroyed: number;
    total: number;
  };
  points: number;
  npc: boolean;
  solo: boolean;
  awox: boolean;
  labels: string[];
  /** zKillboard's padding key (victim, final blow, ship, minute); null when the kill cannot be padding. */
  padHash?: string | null;
  source: KillmailSource;
  firstSeenAt: Date;
  esi: EsiKillmail;
  upstreamZkb: unknown;
};

export type KillmailContext = {
  typeOf: (typeId: number) => TypeInfo | undefined;
  systemOf: (solarSystemId: number) => SystemInfo | undefined;
  /** The system's celestials, for `locationId`; an empty list gives the kill no location. */
  celestialsOf: (solarSystemId: number) => readonly Celestial[];
  /** The resolver's price of a type at a kill (prices/resolver.models.ts), over facts the caller loaded. */
  priceOf: (args: { typeId: number; when: PriceWhen }) => ResolvedPrice;
};
