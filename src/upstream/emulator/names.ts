/**
 * Deterministic names for pilots, corporations and alliances that have no real answer in the bundle. The same id
 * always gets the same name; responses that carry one are marked `X-Emulated: true` by the routes.
 */
import { mixHash } from "../../killmails/killmail.synthetic.ts";

const SYLLABLES = [
  "ka", "vor", "el", "tan", "ris", "mo", "zen", "dra", "lu", "khe", "ar", "ith", "ven", "sol", "qua", "ny",
  "bel", "tor", "ae", "gri", "ush", "fen", "oro", "pal", "cy", "dun", "es", "hal", "jor", "mik", "ra", "sei",
];
const CORPORATION_WORDS = ["Industries", "Logistics", "Holdings", "Collective", "Syndicate", "Armada", "Works", "Expedition"];
const ALLIANCE_WORDS = ["Alliance", "Coalition", "Federation", "Accord", "Union", "Directorate"];

function word({ id, salt }: { id: number; salt: number }) {
  const length = 2 + (mixHash(id, salt, 0) % 2);
  let text = "";
  for (let index = 1; index <= length; index++) text += SYLLABLES[mixHash(id, salt, index) % SYLLABLES.length];
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function generateName({ kind, id }: { kind: "character" | "corporation" | "alliance"; id: number }) {
  if (kind === "character") return `${word({ id, salt: 1 })} ${word({ id, salt: 2 })}`;
  if (kind === "corporation") return `${word({ id, salt: 3 })} ${CORPORATION_WORDS[mixHash(id, 4) % CORPORATION_WORDS.length]}`;
  return `${word({ id, salt: 5 })} ${ALLIANCE_WORDS[mixHash(id, 6) % ALLIANCE_WORDS.length]}`;
}

/** Up to five upper-case letters, as ESI tickers are. */
export function generateTicker({ id }: { id: number }) {
  const length = 3 + (mixHash(id, 7) % 3);
  let ticker = "";
  for (let index = 0; index < length; index++) ticker += String.fromCharCode(65 + (mixHash(id, 8, index) % 26));
  return ticker;
}
