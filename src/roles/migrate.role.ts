import { defineCommand } from "citty";
import { migrateDatabase } from "../db/migrations.usecases.ts";
import { connectDatabase, createRoleContext } from "./role.context.ts";

export default defineCommand({
  meta: { name: "migrate", description: "Apply pending database migrations (idempotent, under an advisory lock)" },
  async run() {
    const { config, logger } = createRoleContext({ tag: "migrate" });
    const sql = await connectDatabase({ url: config.DATABASE_URL, max: 1 });
    try {
      const { applied, total } = await migrateDatabase({ sql });
      for (const migration of applied) logger.info(`applied ${String(migration.id).padStart(5, "0")}_${migration.name}`);
      console.log(applied.length ? `applied ${applied.length} migration(s), ${total} in total` : `nothing to apply (${total} applied)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
});
