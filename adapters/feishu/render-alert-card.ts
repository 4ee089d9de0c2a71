import type { AlertItem, AlertMessage } from "../../src/alerts/alert-types.ts";
import {
  alertHeadline,
  changesLine,
  metaLine,
  pageAddress,
  referenceLine,
  sourceFileName,
  subscriptionsLine,
} from "../alert-format.ts";
import { renderAlertText } from "../console/render-alert-text.ts";
import { CARD_BUDGET_BYTES, clip, LEVELS, type Limits } from "./card-budget.ts";
import { bold, escapeCardMarkdown as esc, grey } from "./card-markdown.ts";
import type { FeishuMessage } from "./render-card.ts";
import { card } from "./render-card.ts";
import { plainPost } from "./render-post.ts";

/** Replies per card: two elements each, far under Feishu's 200, and a card one can read. */
const ITEMS_PER_CARD = 10;

/** The callback value of an alert's open button: `{ v: "open", reply: <id> }`. */
export interface OpenReplyValue {
  readonly v: "open";
  readonly reply: number;
}

/** Decodes an open button's callback value; null when it is not one. */
export function decodeOpenReplyValue(value: unknown): number | null {
  if (!value || typeof value !== "object") return null;
  const { v, reply } = value as Record<string, unknown>;
  return v === "open" && Number.isSafeInteger(reply) && (reply as number) > 0
    ? (reply as number)
    : null;
}

/**
 * Renders an alert as JSON 2.0 cards: a header (plain text), then per reply
 * a markdown element (title, 文号 or issuer · title, place · issuer · date,
 * 办理结果, 已更新 with what changed, matched section and excerpt; all
 * document text escaped) and an 打开答复 button (the page when the source is
 * a page address, else a callback that posts the reply's card). A digest
 * becomes several cards when one would pass the card budget or ten replies:
 * replies are never dropped, only their fields clipped.
 */
export function renderFeishuAlertCards(message: AlertMessage): AlertCard[] {
  const chunks: AlertItem[][] = [];
  for (let i = 0; i < message.items.length; i += ITEMS_PER_CARD)
    chunks.push(message.items.slice(i, i + ITEMS_PER_CARD));
  let first = 0;
  return chunks.flatMap((items) => {
    const cards = fitItems(message, items, first);
    first += items.length;
    return cards;
  });
}

/** One message of an alert, and its rich-text fallback (the same replies as plain lines). */
export interface AlertCard {
  readonly card: FeishuMessage;
  readonly fallback: FeishuMessage;
}

/** The plain-text post of some replies of an alert. */
function alertPost(message: AlertMessage, items: readonly AlertItem[]): FeishuMessage {
  return plainPost(renderAlertText({ items, dailyDigest: message.dailyDigest }));
}

/** Cards for `items` (numbered from `first` + 1), halving the set until each card fits. */
function fitItems(message: AlertMessage, items: AlertItem[], first: number): AlertCard[] {
  const single = message.items.length === 1;
  const title = alertHeadline(message);
  for (const limits of LEVELS) {
    const elements = items.flatMap((item, i) => [
      { tag: "markdown", content: itemMarkdown(item, single ? 0 : first + i + 1, limits) },
      openButton(item, single ? "打开答复" : `打开 ${first + i + 1}`),
    ]);
    const json = JSON.stringify(card(title, elements));
    if (Buffer.byteLength(json) <= CARD_BUDGET_BYTES)
      return [
        { card: { msgType: "interactive", content: json }, fallback: alertPost(message, items) },
      ];
  }
  if (items.length === 1) {
    // Even the tightest fields do not fit (cannot happen with sane limits): plain text, never lost.
    const post = alertPost(message, items);
    return [{ card: post, fallback: post }];
  }
  const half = Math.ceil(items.length / 2);
  return [
    ...fitItems(message, items.slice(0, half), first),
    ...fitItems(message, items.slice(half), first + half),
  ];
}

/** One reply's markdown at the given limits. */
export function itemMarkdown(item: AlertItem, n: number, l: Limits): string {
  const e = (text: string, max = l.chars) => esc(clip(text.replace(/\s+/g, " ").trim(), max));
  const reference = referenceLine(item);
  const meta = metaLine(item);
  const changes = changesLine(item);
  const file = sourceFileName(item.source);
  const subs = subscriptionsLine(item);
  const head = `${n > 0 ? `${n}、` : ""}${item.revised ? "〔已更新〕" : ""}`;
  const lines = [
    `${head}${bold(e(item.title || item.label))}`,
    reference ? e(reference) : "",
    meta ? e(meta) : "",
    item.result ? `办理结果：${e(item.result)}` : "",
    changes ? bold(e(changes, l.chars * 2)) : "",
    item.section ? `匹配章节：${grey(e(item.section))}` : "",
    item.excerpt?.trim() ? `“${e(item.excerpt, Math.min(l.body, l.chars * 2))}”` : "",
    file ? grey(`文件：${e(file)}`) : "",
    subs ? grey(e(subs)) : "",
  ];
  return lines.filter(Boolean).join("\n");
}

function openButton(item: AlertItem, label: string): Record<string, unknown> {
  const url = pageAddress(item.source);
  const behavior = url
    ? { type: "open_url", default_url: url }
    : { type: "callback", value: { v: "open", reply: item.replyId } satisfies OpenReplyValue };
  return {
    tag: "button",
    text: { tag: "plain_text", content: label },
    type: "default",
    size: "small",
    behaviors: [behavior],
  };
}
