import type { Database } from "../storage/database.ts";
import { listReplies } from "../storage/reply.repository.ts";

/**
 * Help and tips, as data: the renderers of each platform turn them into
 * text, HTML or a card. Examples come from the corpus loaded (its newest
 * 文号, an issuer it holds, a topic it covers), never from fixed strings, so
 * they work whatever replies are ingested.
 */

/** Examples taken from the corpus; null when the corpus has none of the kind. */
export interface HelpExamples {
  /** A question about a topic the corpus covers. */
  readonly question: string | null;
  /** The newest 文号 in the corpus. */
  readonly docNumber: string | null;
  /** An issuer the corpus holds (the newest reply's). */
  readonly issuer: string | null;
  /** The year of the newest reply. */
  readonly year: number | null;
}

/** One line of help: what to do, the command (without slash) and an example argument. */
export interface HelpLine {
  readonly label: string;
  /** Command name, e.g. `doc`; null when the example is plain text to send. */
  readonly command: string | null;
  /** Argument or text to send; null when the command takes none. */
  readonly example: string | null;
}

/** No examples (an empty corpus). */
export const NO_EXAMPLES: HelpExamples = {
  question: null,
  docNumber: null,
  issuer: null,
  year: null,
};

/** Reads examples from the newest replies. */
export async function corpusExamples(db: Database): Promise<HelpExamples> {
  const newest = await listReplies(db, { limit: 20 });
  const first = newest[0];
  if (!first) return NO_EXAMPLES;
  const topic = newest.map((r) => topicOf(r.proposalTitle)).find((t) => t !== null) ?? null;
  const year = first.date ? Number(first.date.slice(0, 4)) : null;
  return {
    question: topic ? `${topic}有哪些措施？` : null,
    docNumber: newest.find((r) => r.docNumber)?.docNumber ?? null,
    issuer: newest.find((r) => r.issuer)?.issuer ?? null,
    year: Number.isInteger(year) ? year : null,
  };
}

/** `关于加快推进X的建议` → `加快推进X`; null when nothing sensible remains. */
export function topicOf(title: string | null): string | null {
  if (!title) return null;
  const topic = title
    .replace(/^[“"《]?关于/, "")
    .replace(/的(?:建议|提案|议案|意见)[”"》]?$/, "")
    .replace(/[“”"《》]/g, "")
    .trim();
  return topic.length >= 2 && topic.length <= 30 ? topic : null;
}

/** The help lines, in order. */
export function helpLines(examples: HelpExamples): HelpLine[] {
  const latest = [examples.year ? `${examples.year}年` : "", examples.issuer ?? ""]
    .filter(Boolean)
    .join(" ");
  return [
    { label: "直接提问", command: "ask", example: examples.question ?? "（您的问题）" },
    { label: "按文号查", command: "doc", example: examples.docNumber ?? "（文号或提案编号）" },
    { label: "最新答复", command: "latest", example: latest || null },
    { label: "订阅新答复", command: "subscribe", example: examples.issuer ?? "关键词" },
    { label: "我的订阅", command: "subscriptions", example: null },
    { label: "取消订阅", command: "unsubscribe", example: "编号" },
    { label: "提醒设置", command: "settings", example: "digest 8" },
    { label: "帮助", command: "help", example: null },
  ];
}

/** The first line of help. */
export const HELP_INTRO = "我是 dafu（答复），帮你在人大代表建议、政协提案的答复里找答案。";

/** A hint on filters, with an example from the corpus. */
export function filterHint(examples: HelpExamples): string {
  const sample = [examples.year ? `${examples.year}年` : "", examples.issuer ?? ""].join("");
  return `筛选：问题里写年份、机关或类别${sample ? `，如“${sample}答复的提案”` : ""}`;
}

/** Tips shown when nothing answers a question. */
export function noAnswerTips(examples: HelpExamples): string[] {
  return [
    "换个说法，或用文件里会出现的词，例如政策、平台、机构的名称",
    examples.docNumber ? `按文号查找：/doc ${examples.docNumber}` : "按文号查找：/doc 文号",
    "看最新答复：/latest",
  ];
}
