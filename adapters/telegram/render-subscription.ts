import type { InlineKeyboardMarkup } from "grammy/types";
import type { ListItem, SubscriptionReply } from "../../src/answering/reply-model.ts";
import {
  RECENT_BUTTON,
  subscriptionReplyLines,
  subscriptionTitle,
} from "../../src/answering/subscription-text.ts";
import { encodeAction } from "./callback-data.ts";
import { clipText, escapeHtml as esc, packLines } from "./html-text.ts";

/** One Telegram message: HTML text and an optional inline keyboard. */
interface Message {
  readonly text: string;
  readonly replyMarkup?: InlineKeyboardMarkup;
}

/** Longest user or document string repeated (a filter, a list row's parts). */
const REPEAT_LIMIT = 200;
const clip = (text: string) => esc(clipText(text, REPEAT_LIMIT));

/**
 * Renders a subscription reply as Telegram HTML: a bold title and the shared
 * lines, every one escaped; a new subscription gets a button that shows its
 * recent matches (`m:<id>`, far below 64 bytes), or lists them when asked.
 */
export function renderSubscriptionTelegram(reply: SubscriptionReply): Message[] {
  const lines = [
    `<b>${esc(subscriptionTitle(reply))}</b>`,
    ...subscriptionReplyLines(reply).map(clip),
  ];
  if (reply.kind === "subscribed" && reply.recent) lines.push(...reply.recent.map(listRow));
  const messages = packLines(lines).map((text): Message => ({ text }));
  const last = messages.at(-1);
  if (reply.kind !== "subscribed" || reply.recent !== null || !last) return messages;
  const data = encodeAction({
    verb: "recent",
    resultSetId: "",
    page: 1,
    item: 0,
    subscriptionId: reply.subscription.id,
  });
  const replyMarkup = { inline_keyboard: [[{ text: RECENT_BUTTON, callback_data: data }]] };
  return [...messages.slice(0, -1), { ...last, replyMarkup }];
}

function listRow(item: ListItem): string {
  return `· ${clip(item.date ?? "????-??-??")} <b>${clip(item.label)}</b> ${clip(item.issuer ?? "")}${item.proposalTitle ? `：${clip(item.proposalTitle)}` : ""}`;
}
