import { citationParts } from "../../src/answering/citation.ts";
import { filterHint, HELP_INTRO, type HelpExamples, helpLines } from "../../src/answering/help.ts";
import type {
  AnswerItem,
  BotReply,
  Citation,
  DocumentCard,
} from "../../src/answering/reply-model.ts";
import { encodeCardAction } from "./card-action.ts";
import { bold, escapeCardMarkdown as esc, grey } from "./card-markdown.ts";

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

/** Feishu refuses cards over 30 KB (230025); we stay under this many bytes of JSON. */
export const CARD_BUDGET_BYTES = 25_000;

type Element = Record<string, unknown>;
type AnswerReply = Extract<BotReply, { kind: "answer" }>;

/**
 * Renders a reply as a JSON 2.0 card: a header, markdown elements with all
 * document and user text escaped, and callback buttons for paging and the
 * full section. Pure; the card's JSON is always under {@link CARD_BUDGET_BYTES}
 * (a long section is cut and says so).
 */
export function renderFeishuCard(
  reply: BotReply,
  options: FeishuRenderOptions = {},
): FeishuMessage {
  if (reply.kind === "section") return sectionCard(reply.citation, reply.text);
  const [title, elements] = cardBody(reply, options);
  return { msgType: "interactive", content: JSON.stringify(card(title, elements)) };
}

function cardBody(
  reply: Exclude<BotReply, { kind: "section" }>,
  o: FeishuRenderOptions,
): [string, Element[]] {
  switch (reply.kind) {
    case "answer":
      return [reply.query, answerElements(reply, o.resultSetId ?? null)];
    case "document":
      return [reply.document.label, [md(documentText(reply.document, reply.related))]];
    case "list":
      return [reply.title, [md(listText(reply))]];
    case "help":
      return [
        "dafu 使用说明",
        [md(helpText(reply.intro, reply.examples, o.chatType ?? "private"))],
      ];
    case "no_answer":
      return [reply.query || "没有更多结果", [md(noAnswerText(reply))]];
    case "not_found":
      return [reply.reference, [md(notFoundText(reply))]];
    case "error":
      return ["抱歉", [md(`抱歉，${esc(reply.message)}`)]];
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

function answerElements(reply: AnswerReply, resultSetId: string | null): Element[] {
  const notes = reply.notes.map((n) => grey(esc(n)));
  const items = reply.items.map((item, i) => md(itemText(item, i + 1)));
  const footer = reply.page > 1 || reply.hasMore ? [grey(`第 ${reply.page} 页`)] : [];
  return [
    ...(notes.length > 0 ? [md(notes.join("\n"))] : []),
    ...items,
    ...(footer.length > 0 ? [md(footer.join(""))] : []),
    ...(resultSetId ? buttons(reply, resultSetId) : []),
  ];
}

/** One excerpt: matched terms bold, then its citation line. */
export function itemText(item: AnswerItem, n: number): string {
  const excerpt = item.segments.map((s) => (s.mark ? bold(esc(s.text)) : esc(s.text))).join("");
  return `${n}&#46; ${excerpt}\n${citationText(item.citation)}`;
}

/** `—— **文号** · 机关 · 日期 · 地方 · 办理结果` and the section in grey. */
export function citationText(c: Citation): string {
  const { source, section } = citationParts(c);
  const [head, ...rest] = source;
  const line = [head ? bold(esc(head)) : "", ...rest.map(esc)].filter(Boolean).join(" · ");
  return `—— ${line}${section ? `\n${grey(esc(section))}` : ""}`;
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

function buttons(reply: AnswerReply, id: string): Element[] {
  const page = (p: number) => encodeCardAction({ verb: "page", resultSetId: id, page: p, item: 0 });
  const nav: Element[] = [];
  if (reply.page > 1) nav.push(button("‹ 上一页", page(reply.page - 1)));
  if (reply.hasMore) nav.push(button("下一页 ›", page(reply.page + 1), true));
  const full = reply.items.map((_, i) =>
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
  return [nav, full].filter((r) => r.length > 0).map(row);
}

function sectionCard(citation: Citation, text: string): FeishuMessage {
  const head = citationText(citation);
  let body = text.trim();
  for (;;) {
    const cut = body.length < text.trim().length;
    const content = [
      head,
      body ? esc(body) : "（本节无正文）",
      ...(cut ? [grey("（本节较长，以上为节选）")] : []),
    ].join("\n\n");
    const json = JSON.stringify(card(citation.section || citation.label, [md(content)]));
    if (Buffer.byteLength(json) <= CARD_BUDGET_BYTES || body.length === 0)
      return { msgType: "interactive", content: json };
    body = body.slice(0, Math.floor(body.length * 0.7));
  }
}

function documentText(d: DocumentCard, related: readonly string[]): string {
  const kind = d.proposalKind === "建议" ? "代表建议" : (d.proposalKind ?? "");
  const lines = [
    `${bold(esc(d.label))} · ${esc(d.issuer ?? "（未注明机关）")} · ${esc(d.date ?? "（无日期）")}`,
    esc(`对${d.session ?? ""}第${d.proposalNumber ?? "?"}号${kind}的${d.replyKind}`),
  ];
  if (d.proposalTitle) lines.push(`题目：${esc(d.proposalTitle)}`);
  if (d.proposers.length > 0) lines.push(`提出：${esc(d.proposers.join("、"))}`);
  if (d.result) lines.push(`办理结果：${esc(d.result)}`);
  lines.push("", bold("提纲"), ...d.sections.slice(0, 60).map((s, i) => `${i + 1}&#46; ${esc(s)}`));
  if (related.length > 0) lines.push("", `同一建议/提案的其他答复：${esc(related.join("、"))}`);
  return lines.join("\n");
}

function listText(reply: Extract<BotReply, { kind: "list" }>): string {
  const rows = reply.items.map(
    (item) =>
      `· ${esc(item.date ?? "????-??-??")} ${bold(esc(item.label))} ${esc(item.issuer ?? "")}${item.proposalTitle ? `：${esc(item.proposalTitle)}` : ""}`,
  );
  return [...reply.notes.map((n) => grey(esc(n))), ...rows].join("\n");
}

/** Help: Feishu has no command menu, so commands are typed (or their Chinese words). */
export function helpText(
  intro: string | null,
  examples: HelpExamples,
  chatType: "private" | "group",
): string {
  const lines = helpLines(examples).map((line) => {
    const command = line.command === "ask" ? "" : `/${line.command}`;
    const sample = [command, line.example ?? ""].filter(Boolean).join(" ");
    return `${esc(line.label)}：${esc(sample)}`;
  });
  const addressing = chatType === "group" ? [esc("在群里请 @我 再提问；按钮可翻页、看全文。")] : [];
  return [
    ...(intro ? [esc(intro), ""] : []),
    esc(HELP_INTRO),
    "",
    ...lines,
    esc(filterHint(examples)),
    ...addressing,
  ].join("\n");
}

function noAnswerText(reply: Extract<BotReply, { kind: "no_answer" }>): string {
  const notes = reply.notes.map((n) => grey(esc(n)));
  if (reply.reason === "no_more") return [...notes, "没有更多结果了。"].join("\n");
  return [
    ...notes,
    `没有找到能回答“${esc(reply.query)}”的内容。可以试试：`,
    ...reply.tips.map((t) => `· ${esc(t)}`),
  ].join("\n");
}

function notFoundText(reply: Extract<BotReply, { kind: "not_found" }>): string {
  const head =
    reply.reason === "ambiguous"
      ? `“${esc(reply.reference)}”对应多份答复，请加上地方或会议名称再查：`
      : `没有找到“${esc(reply.reference)}”。`;
  if (reply.suggestions.length === 0) return head;
  const lead = reply.reason === "ambiguous" ? "" : "您是否要找：";
  return `${head}\n${lead}${esc(reply.suggestions.join("、"))}`;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
