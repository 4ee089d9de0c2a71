import { citationParts } from "../../src/answering/citation.ts";
import type { AnswerItem, BotReply, Citation } from "../../src/answering/reply-model.ts";
import { encodeCardAction } from "./card-action.ts";
import { clip, fitCard, type Limits, take } from "./card-budget.ts";
import { bold, escapeCardMarkdown as esc, grey } from "./card-markdown.ts";
import {
  subscribeAnswerButton,
  subscribeDocumentRow,
  subscriptionCard,
} from "./render-card-subscription.ts";
import {
  documentText,
  helpText,
  listText,
  noAnswerText,
  notFoundText,
} from "./render-card-texts.ts";

export { CARD_BUDGET_BYTES } from "./card-budget.ts";

/** A message ready for `im.v1.message.reply/create`: its type and JSON content. */
export interface FeishuMessage {
  readonly msgType: "interactive" | "post";
  /** JSON string, as the Open API takes it. */
  readonly content: string;
}

/** What the renderer needs to know about where the reply goes. */
export interface FeishuRenderOptions {
  /** Result set the paging buttons refer to; no buttons without one. */
  readonly resultSetId?: string | null;
  /** In a group, help says to @ the bot. */
  readonly chatType?: "private" | "group";
}

type Element = Record<string, unknown>;
type AnswerReply = Extract<BotReply, { kind: "answer" }>;

/**
 * Renders a reply as a JSON 2.0 card: a header, markdown elements with all
 * document and user text escaped, and callback buttons for paging and the
 * full section. Pure; every kind of card is fitted to one budget
 * ({@link fitCard}): long fields clipped, long lists and sections cut, and
 * the card says so.
 */
export function renderFeishuCard(
  reply: BotReply,
  options: FeishuRenderOptions = {},
): FeishuMessage {
  const content = fitCard((limits) => {
    const [title, elements] = cardBody(reply, options, limits);
    return card(title, elements);
  });
  return { msgType: "interactive", content };
}

function cardBody(reply: BotReply, o: FeishuRenderOptions, l: Limits): [string, Element[]] {
  switch (reply.kind) {
    case "answer":
      return [reply.query, answerElements(reply, o.resultSetId ?? null, l)];
    case "section":
      return [reply.citation.section || reply.citation.label, [md(sectionText(reply, l))]];
    case "document":
      return [
        reply.document.label,
        [md(documentText(reply.document, reply.related, l)), subscribeDocumentRow(reply.document)],
      ];
    case "list":
      return [reply.title, [md(listText(reply, l))]];
    case "help":
      return ["dafu 使用说明", [md(helpText(reply, o.chatType ?? "private", l))]];
    case "no_answer":
      return [reply.query || "没有更多结果", [md(noAnswerText(reply, l))]];
    case "not_found":
      return [reply.reference, [md(notFoundText(reply, l))]];
    case "error":
      return ["抱歉", [md(`抱歉，${esc(clip(reply.message, l.chars))}`)]];
    default:
      return subscriptionCard(reply, l);
  }
}

/** The card shell: schema 2.0, header (plain text, never markdown) and body. */
export function card(title: string, elements: readonly Element[]): Record<string, unknown> {
  return {
    schema: "2.0",
    config: { update_multi: true, width_mode: "fill" },
    header: {
      title: { tag: "plain_text", content: clip(title.replace(/\s+/g, " ").trim() || "dafu", 60) },
      template: "blue",
    },
    body: { elements },
  };
}

function md(content: string): Element {
  return { tag: "markdown", content };
}

function answerElements(reply: AnswerReply, resultSetId: string | null, l: Limits): Element[] {
  const [notes, notesCut] = take(reply.notes, l);
  const noteLines = [...notes.map((n) => grey(esc(clip(n, l.chars)))), notesCut].filter(Boolean);
  const [shown, itemsCut] = take(reply.items, l);
  const items = shown.map((item, i) => md(itemText(item, i + 1, l)));
  const footer = [
    reply.page > 1 || reply.hasMore ? grey(`第 ${reply.page} 页`) : "",
    itemsCut,
  ].filter(Boolean);
  return [
    ...(noteLines.length > 0 ? [md(noteLines.join("\n"))] : []),
    ...items,
    ...(footer.length > 0 ? [md(footer.join("\n"))] : []),
    ...(resultSetId ? buttons(reply, shown.length, resultSetId) : []),
  ];
}

/** One excerpt: matched terms bold (the whole clipped to `l.chars`), then its citation line. */
export function itemText(item: AnswerItem, n: number, l: Limits): string {
  let room = l.chars;
  const parts: string[] = [];
  for (const s of item.segments) {
    if (room <= 0) break;
    const text = clip(s.text, room);
    room -= [...s.text].length;
    parts.push(s.mark ? bold(esc(text)) : esc(text));
  }
  return `${n}、${parts.join("")}\n${citationText(item.citation, l)}`;
}

/** `—— **文号** · 机关 · 日期 · 地方 · 办理结果` and the section in grey, each part clipped. */
export function citationText(c: Citation, l: Limits): string {
  const { source, section } = citationParts(c);
  const [head, ...rest] = source.map((s) => clip(s, l.chars));
  const line = [head ? bold(esc(head)) : "", ...rest.map(esc)].filter(Boolean).join(" · ");
  return `—— ${line}${section ? `\n${grey(esc(clip(section, l.chars)))}` : ""}`;
}

function sectionText(reply: Extract<BotReply, { kind: "section" }>, l: Limits): string {
  const text = reply.text.trim();
  const body = clip(text, l.body);
  return [
    citationText(reply.citation, l),
    body ? esc(body) : "（本节无正文）",
    ...(body !== text ? [grey("（本节较长，以上为节选）")] : []),
  ].join("\n\n");
}

function button(label: string, value: object, primary = false): Element {
  return {
    tag: "column",
    width: "auto",
    elements: [
      {
        tag: "button",
        text: { tag: "plain_text", content: label },
        type: primary ? "primary" : "default",
        behaviors: [{ type: "callback", value }],
      },
    ],
  };
}

function buttons(reply: AnswerReply, shown: number, id: string): Element[] {
  const page = (p: number) => encodeCardAction({ verb: "page", resultSetId: id, page: p, item: 0 });
  const nav: Element[] = [];
  if (reply.page > 1) nav.push(button("‹ 上一页", page(reply.page - 1)));
  if (reply.hasMore) nav.push(button("下一页 ›", page(reply.page + 1), true));
  const full = reply.items
    .slice(0, shown)
    .map((_, i) =>
      button(
        `全文 ${i + 1}`,
        encodeCardAction({ verb: "section", resultSetId: id, page: reply.page, item: i }),
      ),
    );
  const row = (columns: Element[]) => ({
    tag: "column_set",
    flex_mode: "none",
    horizontal_spacing: "small",
    columns,
  });
  return [nav, full, [subscribeAnswerButton(id)]].filter((r) => r.length > 0).map(row);
}
