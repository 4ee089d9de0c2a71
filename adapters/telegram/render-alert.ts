import type { InlineKeyboardButton } from "grammy/types";
import type { AlertItem, AlertMessage } from "../../src/alerts/alert-types.ts";
import { stripControlCharacters } from "../../src/text/control-characters.ts";
import {
  alertHeadline,
  changesLine,
  metaLine,
  pageAddress,
  referenceLine,
  sourceFileName,
  subscriptionsLine,
} from "../alert-format.ts";
import { CHUNK_LIMIT, clipText, escapeHtml, htmlVisibleLength } from "./html-text.ts";
import type { TelegramMessage } from "./render-html.ts";

/** Escapes document text (escape sequences and controls dropped first) clipped to `max`. */
const esc = (text: string, max: number) =>
  escapeHtml(clipText(stripControlCharacters(text).replace(/\s+/g, " ").trim(), max));

/** How much of each field an alert shows: generous for one reply, tighter in a digest. */
interface Room {
  readonly field: number;
  readonly excerpt: number;
}
const SINGLE: Room = { field: 300, excerpt: 800 };
const DIGEST: Room = { field: 160, excerpt: 280 };
/** Open buttons per keyboard row. */
const BUTTONS_PER_ROW = 4;

/**
 * Renders an alert as Telegram HTML: a headline, then each reply with its
 * title, 文号 (or issuer · title), place · issuer · date, 办理结果, what
 * changed (已更新), the matched section and its excerpt. Every document
 * string is stripped of controls and escaped. Several replies are one
 * digest, split into messages under 4096 characters between replies; each
 * message has open buttons for its own replies (a URL for a page source,
 * else a button that shows the reply's card in the chat; with `urlButtons:
 * false`, always the latter).
 */
export function renderTelegramAlert(
  message: AlertMessage,
  options: { readonly urlButtons?: boolean } = {},
): TelegramMessage[] {
  const urls = options.urlButtons ?? true;
  const single = message.items.length === 1;
  const room = single ? SINGLE : DIGEST;
  const blocks = message.items.map((item, i) => itemBlock(item, single ? 0 : i + 1, room));
  const headline = `<b>${escapeHtml(alertHeadline(message))}</b>`;
  const messages: TelegramMessage[] = [];
  let text = headline;
  let buttons: InlineKeyboardButton[] = [];
  const flush = () => {
    messages.push(keyboardMessage(text, buttons));
    text = "";
    buttons = [];
  };
  for (const [i, block] of blocks.entries()) {
    const item = message.items[i] as AlertItem;
    if (text && htmlVisibleLength(`${text}\n\n${block}`) > CHUNK_LIMIT) flush();
    text = text ? `${text}\n\n${block}` : block;
    buttons.push(openButton(item, single ? "打开答复" : `打开 ${i + 1}`, urls));
  }
  if (text) flush();
  return messages;
}

function keyboardMessage(text: string, buttons: InlineKeyboardButton[]): TelegramMessage {
  if (buttons.length === 0) return { text };
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW)
    rows.push(buttons.slice(i, i + BUTTONS_PER_ROW));
  return { text, replyMarkup: { inline_keyboard: rows } };
}

/** The open button: the page itself when the source is a page address, else the reply's card here. */
export function openButton(item: AlertItem, label: string, urls = true): InlineKeyboardButton {
  const url = urls ? pageAddress(item.source) : null;
  return url ? { text: label, url } : { text: label, callback_data: encodeOpenReply(item.replyId) };
}

/** One reply of the alert; `n` numbers it in a digest (0: a single alert). */
export function itemBlock(item: AlertItem, n: number, room: Room): string {
  const title = `<b>${esc(item.title || item.label, room.field)}</b>`;
  const reference = referenceLine(item);
  const meta = metaLine(item);
  const changes = changesLine(item);
  const file = sourceFileName(item.source);
  const subs = subscriptionsLine(item);
  const lines = [
    `${n > 0 ? `${n}. ` : ""}${item.revised ? "🔄 " : ""}${title}`,
    reference ? esc(reference, room.field) : "",
    meta ? esc(meta, room.field) : "",
    item.result ? `办理结果：${esc(item.result, room.field)}` : "",
    changes ? `<b>${esc(changes, room.field * 2)}</b>` : "",
    item.section ? `匹配章节：<i>${esc(item.section, room.field)}</i>` : "",
    item.excerpt?.trim()
      ? `<blockquote expandable>${esc(item.excerpt, room.excerpt)}</blockquote>`
      : "",
    file ? `<i>文件：${esc(file, room.field)}</i>` : "",
    subs ? `<i>${esc(subs, room.field)}</i>` : "",
  ];
  return lines.filter(Boolean).join("\n");
}

/**
 * Button data that opens a stored reply's card (alerts): `r:<reply id>`, a
 * verb letter and its argument like the other buttons (callback-data.ts).
 */
export function encodeOpenReply(replyId: number): string {
  return `r:${replyId}`;
}

/** Decodes {@link encodeOpenReply} data; null when it is not one. */
export function decodeOpenReply(data: string): number | null {
  const match = /^r:(\d{1,12})$/.exec(data);
  return match ? Number(match[1]) : null;
}
