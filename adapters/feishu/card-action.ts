import type { ActionVerb, ConversationAction } from "../../src/answering/conversation.ts";

/**
 * The `value` of a card button's callback behaviour: `{ v, r, p, i }` = verb
 * letter, result set id, page, item. Small, and checked on the way back:
 * a press carries whatever the client sends.
 */
export interface CardActionValue {
  readonly v: string;
  readonly r: string;
  readonly p: number;
  readonly i: number;
}

const VERBS: Record<ActionVerb, string> = { page: "p", section: "s", outline: "o" };
const BY_LETTER = new Map(
  Object.entries(VERBS).map(([verb, letter]) => [letter, verb as ActionVerb]),
);

/** Encodes a button press as a callback value. */
export function encodeCardAction(action: ConversationAction): CardActionValue {
  return { v: VERBS[action.verb], r: action.resultSetId, p: action.page, i: action.item };
}

/** Decodes a callback value; null when it is not ours or malformed. */
export function decodeCardAction(value: unknown): ConversationAction | null {
  if (!value || typeof value !== "object") return null;
  const { v, r, p, i } = value as Record<string, unknown>;
  const verb = typeof v === "string" ? BY_LETTER.get(v) : undefined;
  if (!verb || typeof r !== "string" || !/^[A-Za-z0-9_-]{1,32}$/.test(r)) return null;
  if (!Number.isInteger(p) || (p as number) < 1 || (p as number) > 9999) return null;
  const item = i === undefined ? 0 : i;
  if (!Number.isInteger(item) || (item as number) < 0 || (item as number) > 99) return null;
  return { verb, resultSetId: r, page: p as number, item: item as number };
}
