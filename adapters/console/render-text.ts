import { citationParts } from "../../src/answering/citation.ts";
import { filterHint, HELP_INTRO, type HelpExamples, helpLines } from "../../src/answering/help.ts";
import type {
  AnswerItem,
  BotReply,
  Citation,
  ListItem,
  SubscriptionReply,
} from "../../src/answering/reply-model.ts";
import {
  subscriptionReplyLines,
  subscriptionTitle,
} from "../../src/answering/subscription-text.ts";

/** Options for {@link renderText}. */
export interface TextRenderOptions {
  /** Bold matched terms with ANSI escapes (for a terminal). Default false: plain text. */
  readonly ansi?: boolean;
}

/**
 * The help lines for a text surface, from the core's help model: questions
 * are typed as they are, commands with their example argument.
 */
export function helpText(examples: HelpExamples): string[] {
  const lines = helpLines(examples).map((line) => {
    const example =
      line.command === "ask"
        ? (line.example ?? "")
        : [`/${line.command}`, line.example].filter(Boolean).join(" ");
    return `${line.label}：${example}`;
  });
  return [...lines.slice(0, -1), filterHint(examples), ...lines.slice(-1)];
}

/** Renders a reply as plain (or ANSI-bold) text for the console and the CLI. */
export function renderText(reply: BotReply, options: TextRenderOptions = {}): string {
  const bold = (s: string) => (options.ansi ? `\x1b[1m${s}\x1b[22m` : s);
  switch (reply.kind) {
    case "answer": {
      const lines = reply.items.flatMap((item, i) => renderItem(item, i + 1, bold));
      if (reply.hasMore) lines.push("还有更多结果：回复“更多”查看下一页。");
      return [...reply.notes, ...lines].join("\n");
    }
    case "document": {
      const d = reply.document;
      const lines = [
        bold(`${d.label} · ${d.issuer ?? "（未注明机关）"} · ${d.date ?? "（无日期）"}`),
        `对${d.session ?? ""}第${d.proposalNumber ?? "?"}号${d.proposalKind === "建议" ? "代表建议" : (d.proposalKind ?? "")}的${d.replyKind}`,
      ];
      if (d.proposalTitle) lines.push(`题目：${d.proposalTitle}`);
      if (d.proposers.length > 0) lines.push(`提出：${d.proposers.join("、")}`);
      if (d.recipient) lines.push(`致：${d.recipient}`);
      if (d.result) lines.push(`办理结果：${d.result}`);
      lines.push("章节：", ...d.sections.map((s, i) => `  ${i + 1}. ${s}`));
      if (reply.related.length > 0)
        lines.push(`同一建议/提案的其他答复：${reply.related.join("、")}`);
      return lines.join("\n");
    }
    case "list":
      return [bold(reply.title), ...reply.notes, ...reply.items.map(renderListItem)].join("\n");
    case "help":
      return [
        ...(reply.intro ? [reply.intro, ""] : []),
        HELP_INTRO,
        "",
        ...helpText(reply.examples),
      ].join("\n");
    case "section":
      return [bold(citationLine(reply.citation)), "", reply.text].join("\n");
    case "no_answer":
      if (reply.reason === "no_more") return [...reply.notes, "没有更多结果了。"].join("\n");
      return [
        ...reply.notes,
        `没有找到能回答“${reply.query}”的内容。可以试试：`,
        ...reply.tips.map((t) => `· ${t}`),
      ].join("\n");
    case "not_found": {
      const head =
        reply.reason === "ambiguous"
          ? `“${reply.reference}”对应多份答复，请加上地方或会议名称再查：`
          : `没有找到“${reply.reference}”。`;
      const suggest =
        reply.suggestions.length > 0
          ? `${reply.reason === "ambiguous" ? "" : "您是否要找："}${reply.suggestions.join("、")}`
          : "";
      return [head, suggest].filter(Boolean).join("\n");
    }
    case "error":
      return `抱歉，${reply.message}`;
    default:
      return renderSubscription(reply, bold);
  }
}

/** Subscription replies: a bold title, the shared lines, a new subscription's recent matches. */
function renderSubscription(reply: SubscriptionReply, bold: (s: string) => string): string {
  const lines = [bold(subscriptionTitle(reply)), ...subscriptionReplyLines(reply)];
  if (reply.kind === "subscribed" && reply.recent) lines.push(...reply.recent.map(renderListItem));
  return lines.join("\n");
}

function renderItem(item: AnswerItem, n: number, bold: (s: string) => string): string[] {
  const text = item.segments.map((s) => (s.mark ? bold(s.text) : s.text)).join("");
  return [`${n}. ${text}`, `   —— ${citationLine(item.citation)}`];
}

/** `文号 · 机关 · 日期 · 章节 › 小节`; without a 文号, `机关 · 《题目》 · 日期 · …`. */
export function citationLine(c: Citation): string {
  const { source, section } = citationParts(c);
  return [...source, section].filter(Boolean).join(" · ");
}

function renderListItem(item: ListItem): string {
  return `· ${item.date ?? "????-??-??"} ${item.label} ${item.issuer ?? ""}${item.proposalTitle ? `：${item.proposalTitle}` : ""}`;
}
