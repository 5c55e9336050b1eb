/** Text and JSON renderings of a derived killmail for the CLI (pure). */
import { formatIskExact } from "../present/present.format.ts";
import { toZkb } from "./killmail.zkb.ts";
import type { DerivedKillmail } from "./killmail.types.ts";

const isk = formatIskExact;

/** zKillboard R2Z2 record shape (`killmail_id`, `hash`, `esi`, `zkb`) plus our own `derived` object. */
export function formatKillmailJson({ derived }: { derived: DerivedKillmail }) {
  const { esi, upstreamZkb, ...rest } = derived;
  return {
    killmail_id: derived.killmailId,
    hash: derived.hash,
    esi,
    zkb: toZkb(derived),
    derived: { ...rest, upstreamZkb: upstreamZkb ?? null },
  };
}

export function formatKillmailSummary({
  derived,
  typeName = (typeId) => `type ${typeId}`,
}: {
  derived: DerivedKillmail;
  typeName?: (typeId: number) => string;
}) {
  const { values, victim } = derived;
  const lines = [
    `killmail ${derived.killmailId} at ${derived.killmailTime.toISOString()} in system ${derived.solarSystemId} (${derived.spaceClass}, security ${derived.security?.toFixed(2) ?? "?"})`,
    `victim: character ${victim.characterId ?? "-"}, corporation ${victim.corporationId ?? "-"}, alliance ${victim.allianceId ?? "-"} in ${typeName(victim.shipTypeId)}`,
    `attackers: ${derived.attackerCount}; final blow character ${derived.finalBlow?.characterId ?? "-"}`,
    `value: total ${isk(values.total)} = dropped ${isk(values.dropped)} + destroyed ${isk(values.destroyed)}; fitted ${isk(values.fitted)}`,
    `hull: ${isk(values.hull.unitPrice)} (${values.hull.priceSource})`,
    `points: ${derived.points}; npc ${derived.npc}, solo ${derived.solo}, awox ${derived.awox}`,
    `labels: ${derived.labels.join(" ")}`,
    `items (unit price, source):`,
    ...derived.items.map((item) => {
      const indent = item.parentIndex === null ? "  " : "    ";
      const quantity = `${item.quantityDestroyed} destroyed, ${item.quantityDropped} dropped`;
      return `${indent}${item.slot.padEnd(12)} ${typeName(item.typeId)} × (${quantity}) @ ${isk(item.unitPrice)} [${item.priceSource}]`;
    }),
    `involvement: ${derived.involvement.map((entry) => `${entry.isVictim ? "victim" : "attacker"}:${entry.entityKind}:${entry.entityId}${entry.isFinalBlow ? "*" : ""}`).join(" ")}`,
  ];
  return lines.join("\n");
}
