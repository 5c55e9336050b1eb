import { createSql } from "./src/db/db.client.ts";
import { loadUniverseNames } from "./src/universe/universe.names.ts";
import { warmCelestials } from "./src/universe/celestials.bundle.ts";
import { loadStaticAssets } from "./src/web/web.static.ts";
import { createRenderer } from "./src/web/web.views.ts";
import { loadKillmailDetail } from "./src/killmails/killmail.read.usecases.ts";
import { presentKillPage } from "./src/killmails/killmail.page.present.ts";
const sql = createSql({ url: "postgres://killboard@127.0.0.1:5432/killboard_bench_w20k", max: 1 });
const [universe, assets] = await Promise.all([loadUniverseNames({ sql }), loadStaticAssets()]);
warmCelestials();
const renderer = createRenderer({ assets });
const ids = (await sql`select killmail_id from killmail_ids order by random() limit 300`).map((r: any) => r.killmailId);
const datas = [];
for (const id of ids) datas.push(await loadKillmailDetail({ sql, universe, killmailId: id }));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let pass = 0; pass < 40; pass++) {
  let t = cpu(); const pages = datas.map((data) => presentKillPage({ data, universe })); const present = (cpu() - t) / ids.length;
  t = cpu(); let bytes = 0; for (const page of pages) bytes += renderer.render("kill", page).length; const render = (cpu() - t) / ids.length;
  t = cpu(); if (pass < 2) for (const id of ids) await loadKillmailDetail({ sql, universe, killmailId: id }); const load = (cpu() - t) / ids.length;
  console.log(`load ${load.toFixed(3)} present ${present.toFixed(3)} render ${render.toFixed(3)} ms; ${Math.round(bytes / ids.length)} chars`);
}
await sql.end();
