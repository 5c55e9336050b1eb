/** The front page's board panel: each entity's name, logo, kills, losses, ISK and efficiency, formatted. */
import type { EntityNames } from "../names/names.usecases.ts";
import { formatIsk, formatNumber, formatPercent, imageUrl } from "../present/present.format.ts";
import { entityUrl } from "../present/present.urls.ts";
import { computeEfficiency, type BoardEntity } from "../board/board.models.ts";
import type { BoardTotals } from "../board/board.repository.ts";

const KIND_LABEL = { character: "Pilot", corporation: "Corporation", alliance: "Alliance" } as const;

export function presentBoardSummary({ entities, totals, names }: { entities: readonly BoardEntity[]; totals: BoardTotals[]; names: EntityNames }) {
  const byKey = new Map(totals.map((row) => [`${row.entityKind}:${row.entityId}`, row]));
  const entries = entities.map((entity) => {
    const row = byKey.get(`${entity.kind}:${entity.id}`);
    const figures = { kills: row?.kills ?? 0, losses: row?.losses ?? 0, iskDestroyed: row?.iskDestroyed ?? 0, iskLost: row?.iskLost ?? 0 };
    const efficiency = computeEfficiency(figures);
    return {
      label: KIND_LABEL[entity.kind], name: names.name(entity.kind, entity.id), ticker: names.ticker(entity.kind, entity.id),
      url: entityUrl(entity.kind, entity.id), image: imageUrl({ kind: entity.kind, id: entity.id, size: 64 }),
      kills: formatNumber(figures.kills), losses: formatNumber(figures.losses),
      iskDestroyed: formatIsk(figures.iskDestroyed), iskLost: formatIsk(figures.iskLost),
      efficiency: efficiency === null ? "–" : formatPercent(efficiency),
    };
  });
  return { entries, title: entries.map((entry) => entry.name).join(", ") };
}
