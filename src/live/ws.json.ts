/** A stored ESI body with `zkb` added beside its fields, without parsing the body (as toZkbKillmailJson does for rows). */
export function toKillmailJson({ esiText, zkb }: { esiText: string; zkb: object }) {
  const esi = esiText.trimEnd();
  const separator = esi === "{}" ? "" : ",";
  return `${esi.slice(0, -1)}${separator}"zkb":${JSON.stringify(zkb)}}`;
}
