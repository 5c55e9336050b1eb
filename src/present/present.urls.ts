/** Our own page URLs, at zKillboard's paths so links pasted between the two boards keep working. */
export const killUrl = (killmailId: number) => `/kill/${killmailId}/`;
export const labelUrl = (label: string) => `/label/${encodeURIComponent(label)}/`;
/** An entity's page, or "" when there is no id (an NPC without a character, a kill without an alliance). */
export const entityUrl = (kind: string, id: number | null | undefined) => (id ? `/${kind}/${id}/` : "");
/** A type's page; for now its price history (issue 13 grows it into the full item page). */
export const itemUrl = (typeId: number) => `/item/${typeId}/`;
export const itemPricesUrl = (typeId: number) => `/item/${typeId}/prices/`;

/**
 * A path of ours as an absolute link under the site's public address (PUBLIC_URL), which may itself carry a path
 * (`https://example.org/kb`): appended to it, never resolved against it (new URL would drop that path).
 */
export const absoluteUrl = ({ publicUrl, path }: { publicUrl: string; path: string }) => `${publicUrl.replace(/\/+$/, "")}${path}`;

/** A detected battle's page (src/battles/). */
export const battleUrl = (battleId: number) => `/battle/${battleId}/`;
/** zKillboard's related path for a system and the hour of a time. */
export const relatedUrl = ({ solarSystemId, time }: { solarSystemId: number; time: Date }) =>
  `/related/${solarSystemId}/${time.toISOString().slice(0, 13).replace(/\D/g, "")}00/`;
