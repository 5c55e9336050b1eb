import { prepareTemplateDatabase } from "./database.ts";

await prepareTemplateDatabase();
