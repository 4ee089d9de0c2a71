import { parseReference } from "../lookup/lookup.ts";
import { cleanText } from "../search/query-analysis.ts";

/** What a message asks for. */
export type Intent =
  | { readonly kind: "help" }
  | { readonly kind: "empty" }
  | { readonly kind: "lookup"; readonly reference: string }
  | { readonly kind: "lookup_usage" }
  | { readonly kind: "latest"; readonly text: string }
  | { readonly kind: "question"; readonly text: string; readonly page: number }
  | { readonly kind: "unknown_command"; readonly command: string };

const COMMAND = /^\/([a-z_]{1,32})(?:@[a-z0-9_]+)?(?:\s+([\s\S]*))?$/i;

/** A subscription command: the chat side of alerts (handled by the conversation, not the answerer). */
export type SubscriptionIntent =
  /** `/subscribe [filter] [--recent]`, `订阅 …`: `recent` also shows the newest matching replies. */
  | { readonly kind: "subscribe"; readonly filterText: string; readonly recent: boolean }
  /** `/unsubscribe [id|all]`, `取消订阅 …`, `退订 …`; `target` as typed ("" when missing). */
  | { readonly kind: "unsubscribe"; readonly target: string }
  /** `/subscriptions`, `我的订阅`. */
  | { readonly kind: "subscriptions" }
  /** `/settings [change]`, `提醒设置 …`. */
  | { readonly kind: "settings"; readonly args: string };

const SUBSCRIPTION_COMMANDS: Record<string, (arg: string) => SubscriptionIntent> = {
  subscribe: (arg) => subscribeIntent(arg),
  sub: (arg) => subscribeIntent(arg),
  unsubscribe: (arg) => ({ kind: "unsubscribe", target: arg }),
  unsub: (arg) => ({ kind: "unsubscribe", target: arg }),
  subscriptions: () => ({ kind: "subscriptions" }),
  settings: (arg) => ({ kind: "settings", args: arg }),
};

/** Chinese command words: the word, then (after a space or colon) its argument. */
const SUBSCRIPTION_WORDS: readonly [RegExp, (arg: string) => SubscriptionIntent][] = [
  [/^(?:取消订阅|退订)(?:[\s:：]+([\s\S]*))?$/, (arg) => ({ kind: "unsubscribe", target: arg })],
  [/^(?:我的订阅|订阅列表|查看订阅)$/, () => ({ kind: "subscriptions" })],
  [/^(?:提醒设置|订阅设置)(?:[\s:：]+([\s\S]*))?$/, (arg) => ({ kind: "settings", args: arg })],
  [/^订阅(?:[\s:：]+([\s\S]*))?$/, (arg) => subscribeIntent(arg)],
];

const RECENT_OPTION = /(?:^|\s)(?:--recent|—recent|最近)(?=\s|$)/g;

function subscribeIntent(arg: string): SubscriptionIntent {
  const recent = RECENT_OPTION.test(arg);
  RECENT_OPTION.lastIndex = 0;
  const filterText = arg.replace(RECENT_OPTION, " ").replace(/\s+/g, " ").trim();
  return { kind: "subscribe", filterText, recent };
}

/**
 * Reads a subscription command (`/subscribe`, `/unsubscribe`, `/subscriptions`,
 * `/settings`, or their Chinese words 订阅, 取消订阅/退订, 我的订阅, 提醒设置);
 * null for anything else.
 */
export function parseSubscriptionIntent(raw: string): SubscriptionIntent | null {
  const text = cleanText(raw).trim();
  const command = COMMAND.exec(text);
  if (command) {
    const name = (command[1] ?? "").toLowerCase();
    const arg = (command[2] ?? "").trim();
    if (name === "ask") return arg ? parseSubscriptionIntent(arg) : null;
    const make = SUBSCRIPTION_COMMANDS[name];
    return make ? make(arg) : null;
  }
  for (const [pattern, make] of SUBSCRIPTION_WORDS) {
    const match = pattern.exec(text);
    if (match) return make((match[1] ?? "").trim());
  }
  return null;
}

/**
 * Reads a message: commands (`/ask`, `/doc`, `/latest`, `/help`), Chinese
 * command words (帮助, 最新答复), a bare 文号 or proposal number (a lookup),
 * or a question. `page` selects a later page of an answer.
 */
export function parseIntent(raw: string, page = 1): Intent {
  const text = cleanText(raw);
  if (!/[\p{L}\p{N}]/u.test(text)) return { kind: "empty" };
  const command = COMMAND.exec(text);
  if (command) {
    const name = (command[1] ?? "").toLowerCase();
    const arg = (command[2] ?? "").trim();
    switch (name) {
      case "help":
      case "start":
        return { kind: "help" };
      case "doc":
      case "lookup":
        return arg ? { kind: "lookup", reference: arg } : { kind: "lookup_usage" };
      case "latest":
        return { kind: "latest", text: arg };
      case "ask":
        return arg ? parseIntent(arg, page) : { kind: "empty" };
      default:
        return { kind: "unknown_command", command: name };
    }
  }
  if (/^(?:帮助|help|使用说明|怎么用|\?|？)$/i.test(text)) return { kind: "help" };
  if (/^(?:最新|最新答复|最新的答复|最近答复|最近的答复)$/.test(text))
    return { kind: "latest", text: "" };
  if (parseReference(text)) return { kind: "lookup", reference: text };
  return { kind: "question", text, page: Math.max(1, Math.floor(page)) };
}
