import type { ActionVerb, ConversationAction } from "../../src/answering/conversation.ts";

/**
 * The `value` of a card button's callback behaviour: `{ v, r, p, i }` = verb
 * letter, result set id, page, item; a subscribe button on a reply card
 * carries its filter text (`q`), a recent-matches button its subscription
 * id (`n`). Small, and checked on the way back: a press carries whatever the
 * client sends.
 */
export interface CardActionValue {
  readonly v: string;
  readonly r: string;
  readonly p: number;
  readonly i: number;
  readonly q?: string;
  readonly n?: number;
}

/** Longest filter text a subscribe button carries. */
export const CARD_FILTER_LIMIT = 100;

const VERBS: Record<ActionVerb, string> = {
  page: "p",
  section: "s",
  outline: "o",
  subscribe: "u",
  recent: "m",
};
const BY_LETTER = new Map(
  Object.entries(VERBS).map(([verb, letter]) => [letter, verb as ActionVerb]),
);

/** Encodes a button press as a callback value. */
export function encodeCardAction(action: ConversationAction): CardActionValue {
  if (action.filterText !== undefined)
    return { v: VERBS[action.verb], r: "-", p: 1, i: 0, q: action.filterText };
  if (action.subscriptionId !== undefined)
    return { v: VERBS[action.verb], r: "-", p: 1, i: 0, n: action.subscriptionId };
  return { v: VERBS[action.verb], r: action.resultSetId, p: action.page, i: action.item };
}

/** Decodes a callback value; null when it is not ours or malformed. */
export function decodeCardAction(value: unknown): ConversationAction | null {
  if (!value || typeof value !== "object") return null;
  const { v, r, p, i, q, n } = value as Record<string, unknown>;
  const verb = typeof v === "string" ? BY_LETTER.get(v) : undefined;
  if (verb === "subscribe" && q !== undefined)
    return typeof q === "string" && [...q].length <= CARD_FILTER_LIMIT
      ? { verb, resultSetId: "", page: 1, item: 0, filterText: q }
      : null;
  if (verb === "recent")
    return Number.isSafeInteger(n) && (n as number) > 0
      ? { verb, resultSetId: "", page: 1, item: 0, subscriptionId: n as number }
      : null;
  if (!verb || typeof r !== "string" || !/^[A-Za-z0-9_-]{1,32}$/.test(r)) return null;
  if (!Number.isInteger(p) || (p as number) < 1 || (p as number) > 9999) return null;
  const item = i === undefined ? 0 : i;
  if (!Number.isInteger(item) || (item as number) < 0 || (item as number) > 99) return null;
  return { verb, resultSetId: r, page: p as number, item: item as number };
}
