import type { AnswerItem, BotReply, Citation, ListItem } from "../../src/answering/reply-model.ts";

/** Options for {@link renderText}. */
export interface TextRenderOptions {
  /** Bold matched terms with ANSI escapes (for a terminal). Default false: plain text. */
  readonly ansi?: boolean;
}

/** The help text, in one place for every text surface. */
export const HELP_LINES = [
  "我是 dafu（答复），帮你在人大代表建议、政协提案的答复里找答案。",
  "",
  "直接提问：上海有效期内的高新技术企业有多少家？",
  "按文号查：/doc 沪科提复〔2023〕45号，或直接发 第0539号提案",
  "最新答复：/latest（可加条件，如 /latest 2024年 市科委）",
  "筛选：问题里写年份、机关或类别，如“2023年市科委答复的提案”",
  "帮助：/help",
];

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
      return [...(reply.intro ? [reply.intro, ""] : []), ...HELP_LINES].join("\n");
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
          ? `“${reply.reference}”对应多份答复，请加上会议名称，例如“市政协十四届一次会议第0539号提案”：`
          : `没有找到“${reply.reference}”。`;
      const suggest =
        reply.suggestions.length > 0
          ? `${reply.reason === "ambiguous" ? "" : "您是否要找："}${reply.suggestions.join("、")}`
          : "";
      return [head, suggest].filter(Boolean).join("\n");
    }
    case "error":
      return `抱歉，${reply.message}`;
  }
}

function renderItem(item: AnswerItem, n: number, bold: (s: string) => string): string[] {
  const text = item.segments.map((s) => (s.mark ? bold(s.text) : s.text)).join("");
  return [`${n}. ${text}`, `   —— ${citationLine(item.citation)}`];
}

/** `沪科提复〔2023〕45号 · 上海市科学技术委员会 · 2023-05-16 · 关于…的建议方面 › 一是…` */
export function citationLine(c: Citation): string {
  const section = c.subsection ? `${c.section} › ${c.subsection}` : c.section;
  return [c.label, c.issuer, c.date, section].filter(Boolean).join(" · ");
}

function renderListItem(item: ListItem): string {
  return `· ${item.date ?? "????-??-??"} ${item.label} ${item.issuer ?? ""}${item.proposalTitle ? `：${item.proposalTitle}` : ""}`;
}
