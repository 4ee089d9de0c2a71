import type { ReplyDocument } from "../documents/reply.ts";

/**
 * What changed between the stored version of a reply and its revision, as
 * short Chinese notes for the alert ("办理结果：B类 → A类", "新增：…").
 */

/** The fields of a stored reply a revision is compared on. */
export type ReplyVersionView = Pick<
  ReplyDocument,
  "docNumber" | "date" | "title" | "proposalTitle" | "resultCategory" | "resultLabel"
> & { readonly sections: readonly { readonly title: string; readonly text: string }[] };

/** At most this many notes; the rest are counted in a last note. Default 6. */
export const MAX_CHANGE_NOTES = 6;

const TITLE_CHARS = 24;

/**
 * Notes on what changed from `before` to `after`: 办理结果, 文号, date, title,
 * and sections added, removed or changed (by title). A revision whose
 * differences lie elsewhere (contact, 抄送…) gets "其他内容有修改".
 */
export function describeChanges(before: ReplyVersionView, after: ReplyVersionView): string[] {
  const notes: string[] = [];
  const field = (label: string, a: string | null, b: string | null, none = "未注明") => {
    if ((a ?? "") !== (b ?? "")) notes.push(`${label}：${a || none} → ${b || none}`);
  };
  field("办理结果", resultText(before), resultText(after));
  field("文号", before.docNumber, after.docNumber, "无");
  field("日期", before.date, after.date);
  const title = (v: ReplyVersionView) => v.title ?? v.proposalTitle;
  if ((title(before) ?? "") !== (title(after) ?? ""))
    notes.push(`标题改为“${clip(title(after) ?? "")}”`);
  notes.push(...sectionChanges(before.sections, after.sections));
  if (notes.length === 0) return ["其他内容有修改"];
  if (notes.length <= MAX_CHANGE_NOTES) return notes;
  const kept = notes.slice(0, MAX_CHANGE_NOTES - 1);
  return [...kept, `另有 ${notes.length - kept.length} 处修改`];
}

function resultText(v: ReplyVersionView): string | null {
  return v.resultCategory ? `${v.resultCategory}类` : v.resultLabel;
}

/** Sections paired by title (in order, for repeated titles): added, removed, changed. */
function sectionChanges(
  before: ReplyVersionView["sections"],
  after: ReplyVersionView["sections"],
): string[] {
  const old = new Map<string, string[]>();
  for (const s of before) old.set(s.title, [...(old.get(s.title) ?? []), s.text]);
  const added: string[] = [];
  const changed: string[] = [];
  for (const s of after) {
    const texts = old.get(s.title);
    const previous = texts?.shift();
    if (previous === undefined) added.push(s.title);
    else if (previous !== s.text)
      changed.push(`${label(s.title)}${changedSentence(previous, s.text)}`);
  }
  const removed = before.filter((s) => (old.get(s.title)?.length ?? 0) > 0);
  // Each leftover text of a title was removed once; count them from the end of the list.
  const removedTitles = removed.map((s) => s.title).filter(dedupeLeftovers(old));
  return [
    ...added.map((t) => `新增：${label(t)}`),
    ...removedTitles.map((t) => `删除：${label(t)}`),
    ...changed.map((t) => `修改：${t}`),
  ];
}

/** Keeps a title as often as texts of it are left over. */
function dedupeLeftovers(left: Map<string, string[]>): (title: string) => boolean {
  const counts = new Map<string, number>();
  return (title) => {
    const seen = (counts.get(title) ?? 0) + 1;
    counts.set(title, seen);
    return seen <= (left.get(title)?.length ?? 0);
  };
}

const SENTENCE_CHARS = 40;

/**
 * The first sentence of the new text that the old one lacks, quoted and
 * clipped (`：“共排查出临水临崖路段9处…”`), so that a changed figure in a
 * long section is seen; empty when only sentences were removed.
 */
function changedSentence(before: string, after: string): string {
  const sentences = (text: string) =>
    text
      .split(/(?<=[。！？；!?;])|\n+/u)
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
  const old = new Set(sentences(before));
  const fresh = sentences(after).find((t) => !old.has(t));
  if (!fresh) return "";
  const chars = [...fresh];
  const text =
    chars.length <= SENTENCE_CHARS ? fresh : `${chars.slice(0, SENTENCE_CHARS - 1).join("")}…`;
  return `：“${text}”`;
}

function label(title: string): string {
  return title.trim() ? `“${clip(title.trim())}”` : "正文开头";
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length <= TITLE_CHARS ? text : `${chars.slice(0, TITLE_CHARS - 1).join("")}…`;
}
