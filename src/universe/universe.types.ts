/** Static facts about types and systems that the pure killmail model reads, looked up in memory by their owners. */

export type TypeInfo = {
  typeId: number;
  groupId: number;
  categoryId: number;
  name: string;
  basePrice: number | null;
  /** Dogma attribute id → value, only the ids the points model reads (633 metaLevel, 1211 heatDamage, 1547 rigSize). */
  attributes?: Record<number, number>;
};

export type SystemInfo = {
  solarSystemId: number;
  constellationId: number;
  regionId: number;
  security: number;
};
