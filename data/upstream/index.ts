// The emulator's real data, imported as files so the compiled binary carries them (./build.ts makes them).
import affiliations from "./affiliations.json.gz" with { type: "file" };
import corpusSde from "./corpus-sde.json.gz" with { type: "file" };
import forgeHistory from "./forge-history.json.gz" with { type: "file" };
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
  forgeHistory,
} as const;

export type UpstreamBundleName = keyof typeof upstreamBundle;
