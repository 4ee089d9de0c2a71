import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { citationParts } from "../../src/answering/citation.ts";
import { filterHint, HELP_INTRO, type HelpExamples, helpLines } from "../../src/answering/help.ts";
import type {
  AnswerItem,
  BotReply,
  Citation,
  DocumentCard,
  ListItem,
} from "../../src/answering/reply-model.ts";
import { SUBSCRIBE_BUTTON } from "../../src/answering/subscription-text.ts";
import { encodeAction, encodeStartPayload } from "./callback-data.ts";
import {
  CHUNK_LIMIT,
  clipText,
  escapeHtml as esc,
  htmlVisibleLength,
  packLines,
  splitText,
} from "./html-text.ts";
import { renderSubscriptionTelegram } from "./render-subscription.ts";

/** Longest user or document string repeated in a short reply (a question, a reference, a field). */
const REPEAT_LIMIT = 200;
/** Escapes text clipped to `max` characters. */
const clip = (text: string, max = REPEAT_LIMIT) => esc(clipText(text, max));
/** Packs lines into messages without keyboards. */
const packed = (lines: readonly string[]): TelegramMessage[] =>
  packLines(lines).map((text) => ({ text }));

/** One Telegram message: HTML text and an optional inline keyboard. */
export interface TelegramMessage {
  readonly text: string;
  readonly replyMarkup?: InlineKeyboardMarkup;
}

/** What the renderer needs to know about where the reply goes. */
export interface TelegramRenderOptions {
  /** The bot's username (without @), for `/ask@Bot` in groups and deep links. */
  readonly botUsername: string;
  readonly chatType: "private" | "group";
  /** Result set the buttons refer to; no buttons without one. */
  readonly resultSetId?: string | null;
}

/**
 * Renders a reply as Telegram HTML messages. Pure: the same reply gives the
 * same messages. Every document or user string is escaped; repeated user
 * text is clipped; a long section becomes several messages split at sentence
 * ends, a long outline or list several messages of whole lines: each ≤ 4096
 * visible characters.
 */
export function renderTelegram(reply: BotReply, options: TelegramRenderOptions): TelegramMessage[] {
  switch (reply.kind) {
    case "answer":
      return [renderAnswer(reply, options)];
    case "section":
      return renderSection(reply.citation, reply.text);
    case "document":
      return packed(renderDocument(reply.document, reply.related, options));
    case "list":
      return packed(renderList(reply.title, reply.notes, reply.items));
    case "help":
      return packed(renderHelp(reply.intro, reply.examples, options));
    case "no_answer":
      return packed(renderNoAnswer(reply));
    case "not_found":
      return packed(renderNotFound(reply));
    case "error":
      return packed([`抱歉，${clip(reply.message, 1000)}`]);
    default:
      return renderSubscriptionTelegram(reply);
  }
}

type AnswerReply = Extract<BotReply, { kind: "answer" }>;

function renderAnswer(reply: AnswerReply, options: TelegramRenderOptions): TelegramMessage {
  const notes = reply.notes.map((n) => `<i>${clip(n, 300)}</i>`);
  const footer = reply.page > 1 || reply.hasMore ? [`<i>第 ${reply.page} 页</i>`] : [];
  // Each excerpt gets an equal share of what the notes and footer leave of one message.
  const used = [...notes, ...footer].reduce((n, line) => n + htmlVisibleLength(line) + 2, 0);
  const share = Math.floor((CHUNK_LIMIT - used) / Math.max(1, reply.items.length));
  const items = reply.items.map((item, i) => renderItem(item, i + 1, share));
  const text = [...notes, ...items, ...footer].join("\n\n");
  const replyMarkup = options.resultSetId ? answerKeyboard(reply, options.resultSetId) : undefined;
  return replyMarkup ? { text, replyMarkup } : { text };
}

/** One excerpt: matched terms bold, quoted, then its citation; at most `budget` visible characters. */
export function renderItem(item: AnswerItem, n: number, budget = CHUNK_LIMIT): string {
  const citation = renderCitation(item.citation);
  let room = Math.max(100, budget - htmlVisibleLength(citation) - 8);
  const parts: string[] = [];
  for (const s of item.segments) {
    if (room <= 0) break;
    const text = clipText(s.text, room);
    room -= text.length;
    parts.push(s.mark ? `<b>${esc(text)}</b>` : esc(text));
  }
  return `${n}. <blockquote>${parts.join("")}</blockquote>\n${citation}`;
}

/** `— <b>文号</b> · 机关 · 日期 · 地方 · 办理结果` and the section in italics. */
export function renderCitation(c: Citation): string {
  const { source, section } = citationParts(c);
  const [head, ...rest] = source;
  const line = [head ? `<b>${clip(head, 100)}</b>` : "", ...rest.map((p) => clip(p, 100))]
    .filter(Boolean)
    .join(" · ");
  return `—— ${line}${section ? `\n<i>${clip(section)}</i>` : ""}`;
}

function answerKeyboard(reply: AnswerReply, id: string): InlineKeyboardMarkup {
  const nav: InlineKeyboardButton[] = [];
  const page = (p: number, text: string) => ({
    text,
    callback_data: encodeAction({ verb: "page", resultSetId: id, page: p, item: 0 }),
  });
  if (reply.page > 1) nav.push(page(reply.page - 1, "‹ 上一页"));
  if (reply.hasMore) nav.push(page(reply.page + 1, "下一页 ›"));
  const perItem = (verb: "section" | "outline", label: string) =>
    reply.items.map((_, i) => ({
      text: `${label} ${i + 1}`,
      callback_data: encodeAction({ verb, resultSetId: id, page: reply.page, item: i }),
    }));
  const subscribe = [
    {
      text: `${SUBSCRIBE_BUTTON}此问题`,
      callback_data: encodeAction({ verb: "subscribe", resultSetId: id, page: 1, item: 0 }),
    },
  ];
  const rows = [nav, perItem("section", "全文"), perItem("outline", "提纲"), subscribe];
  return { inline_keyboard: rows.filter((row) => row.length > 0) };
}

function renderSection(citation: Citation, text: string): TelegramMessage[] {
  const chunks = splitText(text, CHUNK_LIMIT);
  const head = renderCitation(citation);
  if (chunks.length === 0) return [{ text: `${head}\n\n（本节无正文）` }];
  return chunks.map((chunk, i) => ({
    text: [
      i === 0 ? head : "",
      chunks.length > 1 ? `<i>（${i + 1}/${chunks.length}）</i>` : "",
      esc(chunk),
    ]
      .filter(Boolean)
      .join("\n\n"),
  }));
}

function renderDocument(
  d: DocumentCard,
  related: readonly string[],
  options: TelegramRenderOptions,
): string[] {
  const kind = d.proposalKind === "建议" ? "代表建议" : (d.proposalKind ?? "");
  const lines = [
    `<b>${clip(d.label)}</b> · ${clip(d.issuer ?? "（未注明机关）")} · ${clip(d.date ?? "（无日期）")}`,
    clip(`对${d.session ?? ""}第${d.proposalNumber ?? "?"}号${kind}的${d.replyKind}`, 300),
  ];
  if (d.proposalTitle) lines.push(`题目：${clip(d.proposalTitle, 500)}`);
  if (d.proposers.length > 0) lines.push(`提出：${clip(d.proposers.join("、"), 500)}`);
  if (d.result) lines.push(`办理结果：${clip(d.result, 1000)}`);
  lines.push("", "<b>提纲</b>", ...d.sections.slice(0, 60).map((s, i) => `${i + 1}. ${clip(s)}`));
  if (related.length > 0)
    lines.push("", `同一建议/提案的其他答复：${clip(related.join("、"), 1000)}`);
  const payload = d.docNumber ? encodeStartPayload(d.docNumber) : null;
  if (payload && options.botUsername) {
    const link = `https://t.me/${options.botUsername}?start=${payload}`;
    lines.push("", `<a href="${esc(link)}">分享此答复</a>`);
  }
  return lines;
}

function renderList(title: string, notes: readonly string[], items: readonly ListItem[]): string[] {
  const rows = items.map(
    (item) =>
      `· ${clip(item.date ?? "????-??-??")} <b>${clip(item.label)}</b> ${clip(item.issuer ?? "")}${item.proposalTitle ? `：${clip(item.proposalTitle)}` : ""}`,
  );
  return [`<b>${clip(title)}</b>`, ...notes.map((n) => `<i>${clip(n, 300)}</i>`), ...rows];
}

function renderHelp(
  intro: string | null,
  examples: HelpExamples,
  options: TelegramRenderOptions,
): string[] {
  const group = options.chatType === "group";
  const suffix = group && options.botUsername ? `@${options.botUsername}` : "";
  const lines = helpLines(examples).map((line) => {
    const askInPrivate = line.command === "ask" && !group;
    const command = askInPrivate ? "" : `/${line.command}${suffix}`;
    const sample = [command, line.example ?? ""].filter(Boolean).join(" ");
    return `${esc(line.label)}：<code>${esc(sample)}</code>`;
  });
  const addressing = group
    ? [`在群里，用 /ask${suffix} 提问、@${esc(options.botUsername)} 提问，或回复我的消息追问。`]
    : [];
  return [
    ...(intro ? [clip(intro, 1000), ""] : []),
    esc(HELP_INTRO),
    "",
    ...lines,
    esc(filterHint(examples)),
    ...addressing,
  ];
}

function renderNoAnswer(reply: Extract<BotReply, { kind: "no_answer" }>): string[] {
  const notes = reply.notes.map((n) => `<i>${clip(n, 300)}</i>`);
  if (reply.reason === "no_more") return [...notes, "没有更多结果了。"];
  return [
    ...notes,
    `没有找到能回答“${clip(reply.query)}”的内容。可以试试：`,
    ...reply.tips.map((t) => `· ${clip(t, 300)}`),
  ];
}

function renderNotFound(reply: Extract<BotReply, { kind: "not_found" }>): string[] {
  const head =
    reply.reason === "ambiguous"
      ? `“${clip(reply.reference)}”对应多份答复，请加上地方或会议名称再查：`
      : `没有找到“${clip(reply.reference)}”。`;
  if (reply.suggestions.length === 0) return [head];
  const lead = reply.reason === "ambiguous" ? "" : "您是否要找：";
  return [head, `${lead}${clip(reply.suggestions.join("、"), 2000)}`];
}
