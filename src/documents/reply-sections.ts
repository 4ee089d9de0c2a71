import type { ReplySection, SectionKind, Subsection } from "./reply.ts";

/**
 * Splits a reply body (paragraphs between the salutation and the closing
 * formula) into its opening, one section per topic of the proposal, and the
 * closing plan. Subsections (一是…, （一）…) stay inside their section and are
 * listed with their offsets.
 */

/** The opening section's title: everything before the first topic. */
export const OPENING_TITLE = "引言";
/** Title used for a body that names no topics. */
export const BODY_TITLE = "正文";

const NUMERAL = "[一二三四五六七八九十]";
// A lone `、` is a list numeral lost in conversion (`、关于…`).
const LIST_NUMERAL = `(?:${NUMERAL}+、|\\d{1,2}[.、．](?!\\d)|、(?=关于))`;
const STANDALONE_HEADING = new RegExp(`^${LIST_NUMERAL}`);
/** A numbered item starting a line (see {@link findSubsections}). */
const NUMBERED_LINE = new RegExp(`(?<=^|\\n)${LIST_NUMERAL}`, "g");
const QUOTED_LEAD_IN =
  /^((?:\d{1,2}[.、．]\s*)?关于“(?:[^“”]|“[^”]*”)+”[^，。；：,;:“”]{0,8}?)[，。；：,;:]/;
const PLAIN_LEAD_IN =
  /^((?:\d{1,2}[.、．]\s*)?关于[^，。；：,;:“”]{2,40}?(?:的建议|的提案|的意见|方面|问题))[，。；：,;:]/;
const PAREN_ITEM = new RegExp(`^[（(]${NUMERAL}+[)）]`);
/** A first clause that names a topic (`一、关于停车泊位`, `二、资金保障方面`). */
const TOPIC_CLAUSE = new RegExp(`^${LIST_NUMERAL}\\s*关于|(?:方面|问题)$`);
/**
 * How a sentence starts and a heading does not: a subject or addressee
 * (我局, 你局, 该项目), a framing preposition or time (对…的区域, 按照…,
 * 目前, 2023年), a request (建议你局…). A heading is a topic or a bare
 * predicate (加强巡查, 推进水厂扩建).
 */
const SENTENCE_START = new RegExp(
  `^${LIST_NUMERAL}\\s*(?:我|你|您|贵|该|对于|针对|对(?!标|接|口|外)|按照|根据|依据|经(?:调查|研究|核实|了解|查)|截至|截止|随着|鉴于|目前|当前|近年|今年|去年|建议|请|希望|\\d)`,
);
/** Longest first clause read as a lead phrase (the longest lead sentence too). */
const MAX_LEAD = 30;
/** A short first sentence or a label with a colon: `一、加强巡查。…`, `二、资金方面：…`. */
const LEAD_SENTENCE = new RegExp(`^([^。；！？：:，,]{4,${MAX_LEAD}})[。：:]`);
const CLOSING_START = /^(?:下阶段|下一阶段|下一步|下步|今后|未来一个时期)/;
const CLOSING_WORDS = /下阶段|下一阶段|下一步|下步|今后|工作打算|工作计划/;

interface Heading {
  readonly title: string;
  /** True when the heading is a line of its own, not the start of a paragraph. */
  readonly standalone: boolean;
  /**
   * True for a numbered paragraph with no heading of its own: one running
   * sentence (`二、对…的区域，我局将…。`) whose title is only its first clause.
   */
  readonly item?: boolean;
}

type HeadingFinder = (paragraph: string) => Heading | null;

/**
 * `一、关于…` on a line of its own, or opening a paragraph as a short first
 * sentence (`一、关于改善农村饮水。…`, `二、资金方面：…`). A numbered line that
 * is a sentence (it ends in 。/；/！, or runs on past a comma,
 * `一、推进停车平台建设，已接入46个。`) is never a bare heading: a 关于…/…方面
 * phrase before the comma still heads it, any other first clause only names
 * an item (see {@link Heading.item}).
 */
const standaloneHeading: HeadingFinder = (p) => {
  if (!STANDALONE_HEADING.test(p)) return null;
  const sentence = /[。；！？]/.test(p) || (p.length > 40 && /[，,]/.test(p));
  if (p.length <= 60 && !sentence) return { title: trimTitle(p), standalone: true };
  const lead = LEAD_SENTENCE.exec(p)?.[1];
  const title = trimTitle(lead ?? clauseTitle(p));
  return { title, standalone: false, item: isItem(title, lead === undefined) };
};

/**
 * True when a numbered paragraph's first sentence or clause is not a
 * heading: it starts as a sentence does, or (a clause ending in a comma)
 * is too long for a lead phrase.
 */
function isItem(title: string, clause: boolean): boolean {
  if (TOPIC_CLAUSE.test(title)) return false;
  if (SENTENCE_START.test(title)) return true;
  return clause && title.replace(STANDALONE_HEADING, "").length > MAX_LEAD;
}

const leadInHeading: HeadingFinder = (p) => {
  const m = QUOTED_LEAD_IN.exec(p) ?? PLAIN_LEAD_IN.exec(p);
  return m?.[1] ? { title: trimTitle(m[1]), standalone: false } : null;
};

const parenItemHeading: HeadingFinder = (p) =>
  PAREN_ITEM.test(p) ? { title: clauseTitle(p), standalone: false } : null;

/** Heading styles from the highest level down; a body is split on the highest level it uses. */
const LEVELS: readonly HeadingFinder[] = [standaloneHeading, leadInHeading, parenItemHeading];

/**
 * Headings that only markup marks (`### 关于旧厂房再利用`, a bold line, `<h3>`):
 * used when the body has no numbered or lead-in headings, and only when it
 * has at least two of them (one bold line may be emphasis).
 */
function markupHeading(
  paragraphs: readonly string[],
  marked: ReadonlySet<number>,
): HeadingFinder | undefined {
  const titles = new Set(
    [...marked]
      .map((i) => paragraphs[i] ?? "")
      .filter((p) => p.length >= 2 && p.length <= 40 && !/[。；！？]/.test(p.slice(0, -1))),
  );
  if (titles.size < 2) return undefined;
  return (p) => (titles.has(p) ? { title: trimTitle(p), standalone: true } : null);
}

/**
 * The heading style a body is split on: the highest level with a heading
 * proper. Numbered paragraphs that are all items (running sentences with no
 * heading of their own) do not make sections: they stay in the body, listed
 * as its subsections, so a sentence's first clause is never read as a title.
 */
function sectionLevel(
  paragraphs: readonly string[],
  marked: ReadonlySet<number>,
): HeadingFinder | undefined {
  const levels = [...LEVELS.slice(0, 2), markupHeading(paragraphs, marked), ...LEVELS.slice(2)];
  return levels.find(
    (f) =>
      f !== undefined &&
      paragraphs.some((p) => {
        const heading = f(p);
        return heading !== null && !heading.item;
      }),
  );
}

/**
 * Splits body paragraphs into sections. `marked` lists the paragraphs that
 * markup made headings (markdown `#`, bold-only lines, HTML headings).
 */
export function splitSections(
  paragraphs: readonly string[],
  marked: ReadonlySet<number> = new Set(),
): ReplySection[] {
  if (paragraphs.length === 0) return [];
  const finder = sectionLevel(paragraphs, marked);
  const sections: Draft[] = [];
  let current: Draft = { title: OPENING_TITLE, kind: "opening", paragraphs: [] };
  const start = (next: Draft) => {
    if (current.paragraphs.length > 0 || current.kind !== "opening") sections.push(current);
    current = next;
  };
  paragraphs.forEach((p, i) => {
    const heading = finder?.(p) ?? null;
    if (heading) {
      const kind: SectionKind = CLOSING_WORDS.test(heading.title) ? "closing" : "topic";
      start({ title: heading.title, kind, paragraphs: [], line: heading.standalone ? p : null });
      if (!heading.standalone) current.paragraphs.push(p);
      return;
    }
    if (current.kind !== "closing" && startsClosing(p, i, paragraphs, finder, current.kind)) {
      start({ title: closingTitle(p), kind: "closing", paragraphs: [p] });
      return;
    }
    const item = !finder && STANDALONE_HEADING.test(p);
    if (!finder && current.kind === "opening" && (current.paragraphs.length > 0 || item)) {
      start({ title: BODY_TITLE, kind: "topic", paragraphs: [p] });
      return;
    }
    current.paragraphs.push(p);
  });
  start(current);
  return sections
    .map((s) => (s.paragraphs.length === 0 && s.line ? { ...s, paragraphs: [s.line] } : s))
    .filter((s) => s.paragraphs.length > 0)
    .map((s) => {
      const text = s.paragraphs.join("\n");
      const subsections = findSubsections(text, finder !== standaloneHeading);
      return { title: s.title, kind: s.kind, text, subsections };
    });
}

interface Draft {
  title: string;
  kind: SectionKind;
  paragraphs: string[];
  /** A heading line of its own: the section's text when nothing follows it. */
  line?: string | null;
}

/**
 * A closing plan starts with 下阶段/下一步…; a trailing paragraph after the
 * topics that speaks of 下阶段 early on also counts (it is the plan, merely
 * introduced by a sentence of context).
 */
function startsClosing(
  p: string,
  index: number,
  paragraphs: readonly string[],
  finder: HeadingFinder | undefined,
  currentKind: SectionKind,
): boolean {
  if (CLOSING_START.test(p)) return currentKind !== "opening" || index > 0;
  if (currentKind !== "topic" || PAREN_ITEM.test(p) || /^[一二三四五六七八九十]是/.test(p))
    return false;
  const rest = paragraphs.slice(index + 1);
  if (finder && rest.some((q) => finder(q) !== null)) return false;
  const firstSentences = p
    .split(/(?<=[。！？])/)
    .slice(0, 3)
    .join("");
  return CLOSING_WORDS.test(firstSentences) && index === paragraphs.length - 1;
}

function closingTitle(p: string): string {
  const m = /下阶段|下一阶段|下一步|下步|今后/.exec(p);
  return `${m?.[0] ?? "下阶段"}工作`;
}

/**
 * Finds 一是…/（一）… headings in a section's text, and with `numbered`
 * the numbered items (一、…, 1.…) that start a line.
 */
export function findSubsections(text: string, numbered = false): Subsection[] {
  const found: Subsection[] = [];
  if (numbered) {
    for (const m of text.matchAll(NUMBERED_LINE)) {
      found.push({ title: trimTitle(clauseTitle(text.slice(m.index))), offset: m.index });
    }
  }
  for (const m of text.matchAll(/(?<=^|\n)[（(][一二三四五六七八九十]+[)）]/g)) {
    found.push({ title: clauseTitle(text.slice(m.index)), offset: m.index });
  }
  const ordinals = [...text.matchAll(/([一二三四五六七八九十])是/g)];
  const bounded = ordinals.filter(
    (m) => m.index === 0 || /[\n。；，：:！？]/.test(text[m.index - 1] ?? ""),
  );
  const hasSecond = bounded.some((m) => m[1] === "二");
  for (const m of ordinals) {
    const first = m[1] === "一" && hasSecond;
    if (!bounded.includes(m) && !first) continue;
    found.push({ title: clauseTitle(text.slice(m.index)), offset: m.index });
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** The heading of an item: its text up to the first stop or comma, at most 40 characters. */
function clauseTitle(text: string): string {
  const clause = /^[^。；：:！？，,\n]+/.exec(text)?.[0] ?? text;
  return clause.length > 40 ? `${clause.slice(0, 40)}…` : clause;
}

function trimTitle(text: string): string {
  return text.replace(/[。，：；,.:;\s]+$/, "");
}
