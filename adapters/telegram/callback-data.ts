import type { ActionVerb, ConversationAction } from "../../src/answering/conversation.ts";

/**
 * Button data: `<verb>:<result set id>:<page>[:<item>]`, e.g. `p:Xy3_a9Qz:2`.
 * Always far below Telegram's 64-byte `callback_data` limit.
 */

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

/**
 * Encodes a button press. Subscribe: `u:<result set id>` (the answer's
 * question is the filter); recent matches: `m:<subscription id>`.
 */
export function encodeAction(action: ConversationAction): string {
  if (action.verb === "subscribe") return `u:${action.resultSetId}`;
  if (action.verb === "recent") return `m:${action.subscriptionId ?? 0}`;
  const base = `${VERBS[action.verb]}:${action.resultSetId}:${action.page}`;
  return action.verb === "page" ? base : `${base}:${action.item}`;
}

/** Decodes button data; null when it is not ours or malformed. */
export function decodeAction(data: string): ConversationAction | null {
  const subscribe = /^u:([A-Za-z0-9_-]{1,32})$/.exec(data);
  if (subscribe) return { verb: "subscribe", resultSetId: subscribe[1] ?? "", page: 1, item: 0 };
  const recent = /^m:(\d{1,12})$/.exec(data);
  if (recent)
    return { verb: "recent", resultSetId: "", page: 1, item: 0, subscriptionId: Number(recent[1]) };
  const match = /^([pso]):([A-Za-z0-9_-]{1,32}):(\d{1,4})(?::(\d{1,2}))?$/.exec(data);
  const verb = match ? BY_LETTER.get(match[1] ?? "") : undefined;
  if (!match || !verb) return null;
  const page = Number(match[3]);
  if (page < 1) return null;
  return { verb, resultSetId: match[2] ?? "", page, item: Number(match[4] ?? 0) };
}

/** Encodes a 文号 (or any lookup text) as a deep-link payload (`A-Za-z0-9_-`, ≤ 64); null when too long. */
export function encodeStartPayload(reference: string): string | null {
  const payload = Buffer.from(reference, "utf8").toString("base64url");
  return payload.length <= 64 ? payload : null;
}

/** Decodes a deep-link payload made by {@link encodeStartPayload}; null when it is not one. */
export function decodeStartPayload(payload: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(payload)) return null;
  const text = Buffer.from(payload, "base64url").toString("utf8");
  // A payload that does not round-trip, or decodes to control or replacement characters, is not ours.
  if (Buffer.from(text, "utf8").toString("base64url") !== payload) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return /[\u0000-\u001F\uFFFD]/.test(text) || !text.trim() ? null : text;
}
