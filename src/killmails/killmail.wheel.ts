/**
 * The fitting wheel, drawn on the server as SVG (no script): the hull's render in the middle, its modules around it
 * in fitting order (highs on top, mids right, lows below, rigs and subsystems or services on the left), each
 * module's slot given by its flag, its loaded charge just outside it, and a ring that says destroyed (red) or
 * dropped (green). Every module links to its item page. Pure: items, names and categories in, markup out.
 */
import { escapeXml } from "../present/present.format.ts";
import { itemUrl } from "../present/present.urls.ts";
import type { ItemRow } from "./killmail.read.repository.ts";
import { CHARGE_CATEGORY_ID, groupByFlag, loadedCharge } from "./fit.models.ts";

/** [first flag, slot count, angle of the first slot's centre in degrees clockwise from 12 o'clock]. */
const GROUPS: Record<string, [number, number, number]> = {
  high: [27, 8, -38.5], mid: [19, 8, 55], low: [11, 8, 150], rig: [92, 3, 245], subsystem: [125, 4, 283], service: [164, 8, 283],
};
const STEP_DEGREES = 11;
const SIZE = 360;
const CENTRE = SIZE / 2;
const SLOT_RADIUS = 148;
const CHARGE_RADIUS = 174;
const ICON = 26;
const CHARGE_ICON = 14;
const HULL = 128;
const COLOURS = { destroyed: "#ff7a7a", dropped: "#7ddc8a" };

export type WheelTypes = { typeName: (id: number) => string; categoryOf: (id: number) => number | null };

function pointAt({ degrees, radius }: { degrees: number; radius: number }) {
  const radians = (degrees * Math.PI) / 180;
  return { x: CENTRE + radius * Math.sin(radians), y: CENTRE - radius * Math.cos(radians) };
}

const icon = ({ typeId, size }: { typeId: number; size: number }) => `/img/types/${typeId}/icon?size=${size <= 32 ? 32 : 64}`;

/** The module of each flag (a container's contents are not fitted), with the charge loaded in it. */
function modulesByFlag({ items, types }: { items: ItemRow[]; types: WheelTypes }) {
  const isCharge = (typeId: number) => types.categoryOf(typeId) === CHARGE_CATEGORY_ID;
  const fitted = groupByFlag({ items: items.filter((item) => item.parentIndex == null), isCharge });
  return new Map(fitted.map((contents) => [contents.flag, { module: contents.module, charge: loadedCharge({ contents, isCharge }) }]));
}

function drawSlot({ module, charge, degrees, types }: { module: ItemRow; charge?: ItemRow; degrees: number; types: WheelTypes }) {
  const at = pointAt({ degrees, radius: SLOT_RADIUS });
  const state = module.quantityDestroyed > 0 ? "destroyed" : "dropped";
  const name = escapeXml(types.typeName(module.typeId));
  const parts = [
    `<a href="${itemUrl(module.typeId)}"><title>${name} (${state})</title>`,
    `<circle cx="${at.x.toFixed(1)}" cy="${at.y.toFixed(1)}" r="${ICON / 2 + 2}" fill="#11161d" stroke="${COLOURS[state]}" stroke-width="2"/>`,
    `<image href="${icon({ typeId: module.typeId, size: ICON })}" x="${(at.x - ICON / 2).toFixed(1)}" y="${(at.y - ICON / 2).toFixed(1)}" width="${ICON}" height="${ICON}"/></a>`,
  ];
  if (charge) {
    const outer = pointAt({ degrees, radius: CHARGE_RADIUS });
    parts.push(`<a href="${itemUrl(charge.typeId)}"><title>${escapeXml(types.typeName(charge.typeId))}</title>`
      + `<image href="${icon({ typeId: charge.typeId, size: CHARGE_ICON })}" x="${(outer.x - CHARGE_ICON / 2).toFixed(1)}" y="${(outer.y - CHARGE_ICON / 2).toFixed(1)}" width="${CHARGE_ICON}" height="${CHARGE_ICON}"/></a>`);
  }
  return parts.join("");
}

/** A faint arc under each group of slots, so an empty slot still reads as part of the ring. */
function drawTrack({ count, start }: { count: number; start: number }) {
  const from = pointAt({ degrees: start - STEP_DEGREES / 2, radius: SLOT_RADIUS });
  const to = pointAt({ degrees: start + (count - 0.5) * STEP_DEGREES, radius: SLOT_RADIUS });
  return `<path d="M${from.x.toFixed(1)} ${from.y.toFixed(1)} A${SLOT_RADIUS} ${SLOT_RADIUS} 0 0 1 ${to.x.toFixed(1)} ${to.y.toFixed(1)}" fill="none" stroke="#2b3a4d" stroke-width="${ICON + 6}" stroke-linecap="round"/>`;
}

/** The wheel's markup, or "" when nothing is fitted in a slot it draws (old killmails record no slot). */
export function renderFittingWheel({ items, shipTypeId, types }: { items: ItemRow[]; shipTypeId: number; types: WheelTypes }) {
  const byFlag = modulesByFlag({ items, types });
  const tracks: string[] = [];
  const slots: string[] = [];
  for (const [firstFlag, count, start] of Object.values(GROUPS)) {
    const fitted = [...Array(count).keys()].filter((index) => byFlag.get(firstFlag + index)?.module);
    if (!fitted.length) continue;
    tracks.push(drawTrack({ count: Math.max(...fitted) + 1, start }));
    for (const index of fitted) {
      const { module, charge } = byFlag.get(firstFlag + index)!;
      slots.push(drawSlot({ module: module!, charge, degrees: start + index * STEP_DEGREES, types }));
    }
  }
  if (!slots.length) return "";
  const hull = CENTRE - HULL / 2;
  return `<svg class="wheel" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="Fitting of the ${escapeXml(types.typeName(shipTypeId))}">`
    + `<circle cx="${CENTRE}" cy="${CENTRE}" r="${HULL / 2 + 20}" fill="#0d1117"/>`
    + `<image href="/img/types/${shipTypeId}/render?size=128" x="${hull}" y="${hull}" width="${HULL}" height="${HULL}"/>`
    + tracks.join("") + slots.join("") + "</svg>";
}
