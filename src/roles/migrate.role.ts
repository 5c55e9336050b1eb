import { defineCommand } from "citty";
import { migrateDatabase } from "../db/migrations.usecases.ts";
import { runRole } from "./role.run.ts";

export default defineCommand({
  meta: { name: "migrate", description: "Apply pending database migrations (idempotent, under an advisory lock)" },
  async run() {
    await runRole({
      tag: "migrate",
      db: { max: 1 },
      async run({ sql, logger }) {
        const { applied, total } = await migrateDatabase({ sql });
        for (const migration of applied) logger.info(`applied ${String(migration.id).padStart(5, "0")}_${migration.name}`);
        console.log(applied.length ? `applied ${applied.length} migration(s), ${total} in total` : `nothing to apply (${total} applied)`);
      },
    });
  },
});
