// The emulator's real data, imported as files so the compiled binary carries them (./build.ts makes them).
// Real market history and /markets/prices/ captures are the price bundle's (data/prices), not copied here.
import affiliations from "./affiliations.json.gz" with { type: "file" };
import corpusSde from "./corpus-sde.json.gz" with { type: "file" };
import killmails from "./killmails.json.gz" with { type: "file" };
import names from "./names.json.gz" with { type: "file" };
import prices from "./prices.json.gz" with { type: "file" };
import systemPositions from "./system-positions.json.gz" with { type: "file" };

/** Bundle name → path of its gzipped JSON file. */
export const upstreamBundle = {
  killmails,
  names,
  affiliations,
  prices,
  corpusSde,
  systemPositions,
} as const;

export type UpstreamBundleName = keyof typeof upstreamBundle;
