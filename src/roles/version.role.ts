import { defineCommand } from "citty";
import { VERSION } from "../app/version.ts";

export default defineCommand({
  meta: { name: "version", description: "Print the killboard version and the Bun runtime it runs on" },
  run() {
    console.log(`killboard ${VERSION} (bun ${Bun.version})`);
  },
});
