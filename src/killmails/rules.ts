/**
 * Every zKillboard rule the killmail model reproduces, as data: rendered later as a "how we compute" page,
 * and the single home of the thresholds the models read. Sources are files of github.com/zKillboard/zKillboard
 * (read, not copied); where we deviate, `deviation` says why.
 */
export type Rule = { id: string; title: string; explanation: string; source: string; deviation?: string };

export const RULES_THRESHOLDS = {
  /** Capsules: a pod kill is never awox, and the victim's rig size counts one up in points. */
  capsuleGroupId: 29,
  highsecMinSecurity: 0.45,
  /** Strictly above: raw security in (0, 0.05) displays as 0.1 and has lowsec mechanics (13 systems). */
  lowsecMinSecurity: Number.MIN_VALUE,
  wormholeRegions: [11_000_000, 11_999_999] as const,
  drifterRegionId: 11_000_033,
  abyssalRegions: [12_000_000, 12_999_999] as const,
  pochvenRegionId: 10_000_070,
  npcCharacterMaxId: 3_999_999,
  npcCorporationMaxId: 1_999_999,
  notSoloGroupIds: [29, 31, 237] as const,
  shipCategoryId: 6,
  structureCategoryId: 65,
  goldenPodImplantTypeId: 33_329,
  implantFlag: 89,
  frigateBayFlag: 179,
  blueprintCopySingleton: 2,
  attackerCountLabels: [[1000, "#:1000+"], [100, "#:100+"], [50, "#:50+"], [25, "#:25+"], [10, "#:10+"], [5, "#:5+"], [2, "#:2+"], [1, "#:1"]] as const,
  iskLabels: [[1e12, "isk:1t+"], [1e11, "isk:100b+"], [1e10, "isk:10b+"], [5e9, "isk:5b+"], [1e9, "isk:1b+"]] as const,
  /** UTC hour bands [first hour, last hour, label]; zKillboard's labels page names them with these hours. */
  timezoneBands: [[8, 13, "tz:au"], [14, 16, "tz:ru"], [17, 21, "tz:eu"], [22, 23, "tz:use"], [0, 3, "tz:use"], [4, 7, "tz:usw"]] as const,
  capitalMarketGroupId: 1381,
  paddingMinPriorKills: 5,
  paddingWindowSeconds: 60,
} as const;

export const RULES: Rule[] = [
  { id: "npc", title: "NPC kill", source: "cron/3.queueProcess.php isNPC()",
    explanation: "No attacker is a player (character id above 3,999,999) or in a player corporation (id above 1,999,999); a victim structure owned by an NPC corporation is also an NPC kill." },
  { id: "solo", title: "Solo kill", source: "cron/3.queueProcess.php isSolo()",
    explanation: "Not an NPC kill; the victim is a ship (category 6) other than a capsule, shuttle or rookie ship (groups 29, 31, 237); exactly one player attacker and no structure (category 65) among the attackers." },
  { id: "awox", title: "Awox", source: "cron/3.queueProcess.php isAwox()",
    explanation: "Not an NPC kill; the victim is not a capsule or rookie ship, and the final-blow attacker is in the victim's own player corporation (id above 1,999,999)." },
  { id: "pvp", title: "PvP", source: "cron/3.queueProcess.php addLabel(...'pvp')",
    explanation: "Every kill that is neither an NPC kill nor padding." },
  { id: "attackers", title: "Attacker count labels", source: "cron/3.queueProcess.php; information page labels (#:1 excludes solo)",
    explanation: "`solo` replaces the count label; otherwise the largest of #:1000+, #:100+, #:50+, #:25+, #:10+, #:5+, #:2+ the attacker count reaches, or #:1 for a single attacker." },
  { id: "location", title: "Location labels", source: "cron/3.queueProcess.php; zKillboard stats and pvpfest code file region 10000070 kills under loc:pochven",
    explanation: "loc:highsec at raw security ≥ 0.45, loc:lowsec above 0, loc:nullsec below; region 11000033 loc:drifter, other 110xxxxx loc:w-space, 120xxxxx loc:abyssal, region 10000070 loc:pochven.",
    deviation: "One zKillboard revision puts the lowsec floor at raw 0.05; 13 systems between 0 and 0.05 show as 0.1 in game, so we call them lowsec." },
  { id: "isk", title: "Value labels", source: "cron/3.queueProcess.php",
    explanation: "isk:1b+, 5b+, 10b+, 100b+, 1t+ for a total value strictly above each threshold (several can apply)." },
  { id: "timezone", title: "Time-zone labels", source: "zKillboard labels page (tz names with their UTC hours)",
    explanation: "tz:au 08–13, tz:ru 14–16, tz:eu 17–21, tz:use 22–03, tz:usw 04–07 (UTC hour of the kill)." },
  { id: "category", title: "Victim category", source: "cron/3.queueProcess.php addLabel(... 'cat:')",
    explanation: "cat:<category id of the victim's ship type>." },
  { id: "capital", title: "Capital", source: "cron/3.queueProcess.php isCapital()",
    explanation: "The victim ship's market group descends from market group 1381 (Capital Ships).",
    deviation: "Needs the market group tree; the pure model uses the victim group list of capital hulls instead (rules.ts CAPITAL_GROUP_IDS)." },
  { id: "padding", title: "Padding", source: "cron/3.queueProcess.php getPadHash()",
    explanation: "Same victim character, same final-blow character, same victim ship type, in the same UTC minute, with at least 5 such kills already known; only player-ship kills that are not NPC kills." },
  { id: "ganked", title: "Ganked", source: "cron/9.ganked.php",
    explanation: "Set afterwards from CONCORD's kills of the attackers; not derivable from one killmail, so never set here." },
  { id: "price", title: "Item price", source: "classes/Price.php getItemPrice(), classes/Build.php",
    explanation: "SKINs (category 91) 0.01; fixed prices (types, then groups such as capsules at 10,000, with date cut-overs); the Customs Office as gantry + 8 × four parts; structure modules, titans and supercarriers from build cost first; otherwise The Forge history: from the kill time − 3601 s back, up to 34 daily averages, 34 lose the 2 lowest and 2 highest, more than 6 the 2 highest, mean rounded to 2 decimals, build cost when that is ≤ 0.01, the day's own average when lower. Build cost: Σ material price × max(1, ceil(0.9 × qty)) ÷ product quantity.",
    deviation: "An operator override (prices set) wins; where zKillboard would end at 0.01 for lack of data we use an ESI /markets/prices/ average (or adjusted) price, then the SDE base price except for charges, each flagged as its source." },
  { id: "item-value", title: "Item value", source: "cron/3.queueProcess.php processItem()",
    explanation: "Blueprint copies (singleton 2) 0.01; the golden pod implant in the implant slot 0.01; ships in a frigate escape bay (flag 179) 0.01; containers' contents are valued too." },
  { id: "values", title: "Fitted, dropped, destroyed, total", source: "cron/3.queueProcess.php getFittedValue()/getDValue()",
    explanation: "fitted = hull + high/mid/low/rig/subsystem/service/fighter-tube items; dropped and destroyed sum price × quantity (hull in destroyed); total = dropped + destroyed; rounded to 2 dp." },
  { id: "points", title: "Points", source: "classes/Points.php getKillPoints()",
    explanation: "5^rigSize of the victim hull, plus a danger factor from fitted high/mid/low/subsystem modules (overheatable, drone damage mods; mining lasers subtract), scaled by danger/4, divided by a gang-size penalty and adjusted -50%..+20% by attacker ship size; minimum 1; NPC kills and kills with a structure attacker score 1." },
];

/** Groups of capital hulls (SDE): carriers, dreadnoughts, supercarriers, titans, force auxiliaries, capital industrials, jump freighters, freighters, lancers: every group with a type under market group 1381 in the bundled SDE. */
export const CAPITAL_GROUP_IDS: ReadonlySet<number> = new Set([30, 485, 513, 547, 659, 883, 902, 1538, 4594]);
