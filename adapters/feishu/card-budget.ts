import { grey } from "./card-markdown.ts";

/**
 * One size budget for every card kind. A card is rendered at the most
 * generous {@link Limits} first and at tighter ones until its JSON fits
 * {@link CARD_BUDGET_BYTES}: lists (outline sections, listed replies, tips,
 * suggestions, notes, help lines) lose their tail items, which the card
 * then says; every field is clipped (before escaping, so no entity is cut)
 * and marked with …; a section's body is cut to an excerpt.
 */

/** Feishu refuses cards over 30 KB (230025); we stay under this many bytes of JSON. */
export const CARD_BUDGET_BYTES = 25_000;

/** How much of a reply a card shows. */
export interface Limits {
  /** Items of any list. */
  readonly items: number;
  /** Characters of any one field (a title, an excerpt, a list row's parts). */
  readonly chars: number;
  /** Characters of a section's body. */
  readonly body: number;
}

/** From generous to tight; the last always fits (a few dozen short fields). */
export const LEVELS: readonly Limits[] = [
  { items: 60, chars: 2000, body: 8000 },
  { items: 30, chars: 600, body: 5000 },
  { items: 15, chars: 200, body: 2500 },
  { items: 8, chars: 80, body: 1000 },
  { items: 3, chars: 30, body: 300 },
];

/**
 * The JSON of the first card `build` makes within the budget, trying
 * {@link LEVELS} in order; the tightest level's card otherwise.
 */
export function fitCard(build: (limits: Limits) => object): string {
  let json = "";
  for (const limits of LEVELS) {
    json = JSON.stringify(build(limits));
    if (Buffer.byteLength(json) <= CARD_BUDGET_BYTES) return json;
  }
  return json;
}

/** The first `limits.items` of a list, and a grey line saying how many were left out (or ""). */
export function take<T>(items: readonly T[], limits: Limits): [T[], string] {
  if (items.length <= limits.items) return [[...items], ""];
  const left = items.length - limits.items;
  return [items.slice(0, limits.items), grey(`（另有 ${left} 项未列出，卡片篇幅有限）`)];
}

/** Clips raw text to `max` characters (code points), ending with … when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
