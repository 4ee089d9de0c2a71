import { filterHint, HELP_INTRO, helpLines } from "../../src/answering/help.ts";
import type { BotReply, DocumentCard } from "../../src/answering/reply-model.ts";
import { clip, type Limits, take } from "./card-budget.ts";
import { bold, escapeCardMarkdown as esc, grey } from "./card-markdown.ts";

/**
 * The markdown of the text-only card kinds (document, list, help, no answer,
 * not found), at given {@link Limits}: every field clipped to `chars`, every
 * list cut to `items` with a line saying so.
 */

type Reply<K extends BotReply["kind"]> = Extract<BotReply, { kind: K }>;

/** A document's summary and outline. */
export function documentText(d: DocumentCard, related: readonly string[], l: Limits): string {
  const e = (text: string) => esc(clip(text, l.chars));
  const kind = d.proposalKind === "建议" ? "代表建议" : (d.proposalKind ?? "");
  const lines = [
    `${bold(e(d.label))} · ${e(d.issuer ?? "（未注明机关）")} · ${e(d.date ?? "（无日期）")}`,
    e(`对${d.session ?? ""}第${d.proposalNumber ?? "?"}号${kind}的${d.replyKind}`),
  ];
  if (d.proposalTitle) lines.push(`题目：${e(d.proposalTitle)}`);
  if (d.proposers.length > 0) lines.push(`提出：${e(d.proposers.join("、"))}`);
  if (d.result) lines.push(`办理结果：${e(d.result)}`);
  const [sections, cut] = take(d.sections, l);
  lines.push("", bold("提纲"), ...sections.map((s, i) => `${i + 1}、${e(s)}`));
  if (cut) lines.push(cut);
  const [others, othersCut] = take(related, l);
  if (others.length > 0) lines.push("", `同一建议/提案的其他答复：${e(others.join("、"))}`);
  if (othersCut) lines.push(othersCut);
  return lines.join("\n");
}

/** Listed replies, one row each. */
export function listText(reply: Reply<"list">, l: Limits): string {
  const e = (text: string) => esc(clip(text, l.chars));
  const [items, cut] = take(reply.items, l);
  const rows = items.map(
    (item) =>
      `· ${e(item.date ?? "????-??-??")} ${bold(e(item.label))} ${e(item.issuer ?? "")}${item.proposalTitle ? `：${e(item.proposalTitle)}` : ""}`,
  );
  const [notes, notesCut] = take(reply.notes, l);
  return [...notes.map((n) => grey(e(n))), notesCut, ...rows, cut].filter(Boolean).join("\n");
}

/** Help: Feishu has no command menu, so commands are typed (or their Chinese words). */
export function helpText(reply: Reply<"help">, chatType: "private" | "group", l: Limits): string {
  const e = (text: string) => esc(clip(text, l.chars));
  const lines = helpLines(reply.examples).map((line) => {
    const command = line.command === "ask" ? "" : `/${line.command}`;
    const sample = [command, line.example ?? ""].filter(Boolean).join(" ");
    return `${e(line.label)}：${e(sample)}`;
  });
  const addressing = chatType === "group" ? [esc("在群里请 @我 再提问；按钮可翻页、看全文。")] : [];
  const [shown, cut] = take(lines, l);
  return [
    ...(reply.intro ? [e(reply.intro), ""] : []),
    esc(HELP_INTRO),
    "",
    ...shown,
    ...(cut ? [cut] : []),
    e(filterHint(reply.examples)),
    ...addressing,
  ].join("\n");
}

/** Nothing answers (with tips), or no further page. */
export function noAnswerText(reply: Reply<"no_answer">, l: Limits): string {
  const e = (text: string) => esc(clip(text, l.chars));
  const [notes, notesCut] = take(reply.notes, l);
  const head = [...notes.map((n) => grey(e(n))), ...(notesCut ? [notesCut] : [])];
  if (reply.reason === "no_more") return [...head, "没有更多结果了。"].join("\n");
  const [tips, tipsCut] = take(reply.tips, l);
  return [
    ...head,
    `没有找到能回答“${e(reply.query)}”的内容。可以试试：`,
    ...tips.map((t) => `· ${e(t)}`),
    ...(tipsCut ? [tipsCut] : []),
  ].join("\n");
}

/** A reference not found, or matching several replies. */
export function notFoundText(reply: Reply<"not_found">, l: Limits): string {
  const e = (text: string) => esc(clip(text, l.chars));
  const head =
    reply.reason === "ambiguous"
      ? `“${e(reply.reference)}”对应多份答复，请加上地方或会议名称再查：`
      : `没有找到“${e(reply.reference)}”。`;
  if (reply.suggestions.length === 0) return head;
  const lead = reply.reason === "ambiguous" ? "" : "您是否要找：";
  const [shown, cut] = take(reply.suggestions, l);
  return [`${head}\n${lead}${e(shown.join("、"))}`, cut].filter(Boolean).join("\n");
}
