/**
 * What a killmail label reads as on a page ("Gang 5+" for `#:5+`); the code stays in the chip's title and its link.
 * Pure: the codes are zKillboard's (classification.models.ts), the words are ours.
 */
const FIXED: Record<string, string> = {
  solo: "Solo", npc: "NPC", pvp: "PvP", awox: "Awox", padding: "Padding", capital: "Capital", "#:1": "1 attacker",
  "loc:highsec": "Highsec", "loc:lowsec": "Lowsec", "loc:nullsec": "Nullsec", "loc:w-space": "W-space", "loc:drifter": "Drifter",
  "loc:abyssal": "Abyssal", "loc:pochven": "Pochven",
  "tz:au": "AU TZ", "tz:ru": "RU TZ", "tz:eu": "EU TZ", "tz:use": "US East TZ", "tz:usw": "US West TZ",
};

/** The victim's SDE category (`cat:<id>`), for the ones kills happen to. */
const CATEGORIES: Record<string, string> = {
  "6": "Ship", "65": "Structure", "22": "Deployable", "18": "Drone", "87": "Fighter", "23": "Starbase", "40": "Sovereignty", "46": "Orbital",
};

export function labelText({ label }: { label: string }) {
  const fixed = FIXED[label];
  if (fixed) return fixed;
  const gang = /^#:(\d+)\+$/.exec(label);
  if (gang) return `Gang ${gang[1]}+`;
  const isk = /^isk:(\d+[bt])\+$/.exec(label);
  if (isk) return `${isk[1]}+ ISK`;
  const category = /^cat:(\d+)$/.exec(label);
  if (category) return CATEGORIES[category[1]!] ?? `Category ${category[1]}`;
  return label;
}
