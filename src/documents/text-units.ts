import { isDateLine } from "../text/chinese-numerals.ts";
import { halfWidthAlnum, tightenSpacing } from "../text/chinese-text.ts";

/**
 * A reply's text as a list of units (one per source line), cleaned of
 * markdown and conversion damage, and the page-break repair that rejoins a
 * sentence or word split across units.
 */

/** One line of cleaned text. `heading` is true when markup said so (`# …`, a bold-only line, `<h2>`). */
export interface TextUnit {
  readonly text: string;
  readonly heading: boolean;
  /**
   * The line's parts where the source left a wide gap (two spaces, a tab or an
   * ideographic space), e.g. a joint signature or `联系人：X　　联系电话：Y`;
   * absent when the line has one part.
   */
  readonly cells?: readonly string[];
}

const WIDE_GAP = /[\t\u3000]+|[ \u00a0]{2,}/;

const RULE = /^\s*([-*_=])(?:\s*\1){2,}\s*$/;
const MARKDOWN_HEADING = /^\s{0,3}#{1,6}\s+/;

/** Splits text into cleaned units: markdown removed, spacing tightened, empty lines and rules dropped. */
export function toTextUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  for (const raw of text.split(/\r\n|\r|\n|\f|\u2028|\u2029/)) {
    if (RULE.test(raw)) continue;
    const markdownHeading = MARKDOWN_HEADING.test(raw);
    const boldOnly = /^\s*\*\*[^*]+\*\*\s*$/.test(raw);
    const stripped = halfWidthAlnum(stripMarkdown(raw));
    const cleaned = fullWidthEnumerator(tightenSpacing(stripped));
    if (cleaned.length === 0) continue;
    const heading = markdownHeading || (boldOnly && cleaned.length <= 60);
    const cells = WIDE_GAP.test(stripped.trim()) ? cellsOf(stripped) : [];
    units.push(cells.length > 1 ? { text: cleaned, heading, cells } : { text: cleaned, heading });
  }
  return units;
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .split(WIDE_GAP)
    .map(tightenSpacing)
    .filter((c) => c.length > 0);
}

/** Markup characters; a line without any has nothing to strip. */
const MARKUP = /[#>*+\-![_`<]/;

function stripMarkdown(line: string): string {
  if (!MARKUP.test(line)) return line;
  return line
    .replace(MARKDOWN_HEADING, "")
    .replace(/\s+#+\s*$/, "")
    .replace(/^\s*>\s?/, "")
    .replace(/^\s*[-*+]\s+(?=\S)/, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__|`/g, "")
    .replace(/<br\s*\/?>/gi, "");
}

/** `(四)深化…` → `（四）深化…`: one form for enumerators, whatever width the source used. */
function fullWidthEnumerator(line: string): string {
  return line.replace(/^\(([一二三四五六七八九十]+)\)/, "（$1）");
}

const SENTENCE_END = /[。！？；：!?;:…]$/;
const CLOSERS = /[”’」』）)》〉】]$/;
const ENUMERATED_START =
  /^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十]+[，、]|、(?=关于))/;
const META_LINE =
  /^[（(]?(?:联系人|联系电话|联系单位|联系地址|联系方式|地址|邮政编码|邮编|电子邮箱|抄送|办理结果|公开属性|公开方式|附件|附[：:]|(?:提案|建议|议案)原文|承办|经办人|领导签批|签发|主题词)/;

/** True when the unit ends a sentence (a closing quote or bracket counts when a stop precedes it). */
export function endsSentence(text: string): boolean {
  let t = text;
  while (CLOSERS.test(t)) t = t.slice(0, -1);
  if (t.length < text.length && t.length > 0) return SENTENCE_END.test(t);
  return SENTENCE_END.test(text);
}

/**
 * How a unit reads: `hard` when it is certainly not running text (markup
 * heading, numbered heading, date, signature, metadata, salutation), `soft`
 * when it only looks like a title (short, unpunctuated), null for running text.
 */
export function structureOf(unit: TextUnit): "hard" | "soft" | null {
  const t = unit.text;
  if (unit.heading || META_LINE.test(t) || isDateLine(t) || /印发$/.test(t)) return "hard";
  if (/[：:]$/.test(t) && t.length <= 40) return "hard";
  const hasStop = /[。！？；]/.test(t.slice(0, -1));
  if (ENUMERATED_START.test(t) && !hasStop && t.length <= 60) return "hard";
  return t.length <= 30 && !/[，。；、：,;:！？]/.test(t) ? "soft" : null;
}

/** True when a unit is a heading, a signature or a metadata line rather than running text. */
export function isStructural(unit: TextUnit): boolean {
  return structureOf(unit) !== null;
}

/**
 * Rejoins units that a page break split: a unit that does not end a sentence
 * continues in the next one (`加强社区卫` + `生服务中心建设`). A short unit that
 * could be a title is joined only when the break visibly cuts a word or a
 * number. Units before `from` (the letterhead) are kept as they are.
 */
export function repairPageBreaks(units: readonly TextUnit[], from = 0): TextUnit[] {
  const out: TextUnit[] = units.slice(0, from);
  for (const unit of units.slice(from)) {
    const previous = out.length > from ? out[out.length - 1] : undefined;
    if (previous && continuesInto(previous, unit)) {
      const glue = /[A-Za-z]$/.test(previous.text) && /^[A-Za-z]/.test(unit.text) ? " " : "";
      out[out.length - 1] = { text: previous.text + glue + unit.text, heading: false };
    } else {
      out.push(unit);
    }
  }
  return out;
}

function continuesInto(a: TextUnit, b: TextUnit): boolean {
  if (endsSentence(a.text) || isStructural(b) || ENUMERATED_START.test(b.text)) return false;
  const shape = structureOf(a);
  if (shape === null) return true;
  if (shape === "hard") return false;
  return cutsNumber(a.text, b.text) || cutsWord(a.text, b.text);
}

/** `…超过2000` + `亿元…`: a number cut from its unit. */
function cutsNumber(a: string, b: string): boolean {
  return /\d$/.test(a) && /^[\p{Script=Han}%％]/u.test(b);
}

let wordSegmenter: Intl.Segmenter | undefined;

/** True when a dictionary word spans the junction (`社区卫` + `生服务` → 卫生). */
function cutsWord(a: string, b: string): boolean {
  if (!/\p{Script=Han}$/u.test(a) || !/^\p{Script=Han}/u.test(b)) return false;
  wordSegmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const tail = a.slice(-4);
  const junction = tail.length;
  for (const seg of wordSegmenter.segment(tail + b.slice(0, 4))) {
    if (seg.index >= junction) break;
    if (seg.isWordLike && seg.index < junction && seg.index + seg.segment.length > junction)
      return true;
  }
  return false;
}

const PAIRS: readonly (readonly [string, string])[] = [
  ["《", "》"],
  ["“", "”"],
  ["（", "）"],
];
/** How a sentence (not a title) opens: addressing the proposer or naming who acts. */
const SENTENCE_START = /^(?:您|你们|你|贵|我们|我[局委办厅部院会处]|经|根据|对于|针对)/;

/** The closing mark a unit leaves open (`您提出的《关于…` → `》`), or null. */
function openCloser(text: string): string | null {
  for (const [open, close] of PAIRS) {
    if (text.split(open).length > text.split(close).length) return close;
  }
  return null;
}

/**
 * Rejoins lines that break mid-sentence anywhere in the text, before the
 * greeting and the acknowledgement are looked for: a line left inside an open
 * 《, “ or （ that the next line closes, and a sentence addressed to the
 * proposer (`您提出的关于加强…` + `…的建议收悉`) cut before its first stop.
 * Headings, greetings, dates, signatures and metadata lines are never joined.
 */
export function joinWrappedLines(units: readonly TextUnit[]): TextUnit[] {
  const out: TextUnit[] = [];
  for (const unit of units) {
    const previous = out.at(-1);
    if (previous && wrapsInto(previous, unit)) {
      out[out.length - 1] = { text: previous.text + unit.text, heading: false };
    } else {
      out.push(unit);
    }
  }
  return out;
}

function wrapsInto(a: TextUnit, b: TextUnit): boolean {
  if (a.heading || b.heading || endsSentence(a.text) || startsOwnLine(b.text)) return false;
  const closer = openCloser(a.text);
  if (closer) return b.text.slice(0, 80).includes(closer);
  if (SENTENCE_START.test(a.text) && a.text.length >= 4 && /[，。；！？]/.test(b.text)) return true;
  return PROPOSED.test(a.text) && ACKNOWLEDGED.test(b.text.split(/[。！？]/)[0] ?? "");
}

/** A line naming what was proposed (`由您领衔提出的`), and the acknowledgement it runs into. */
const PROPOSED = /(?:提出|所提|领衔|提交|联名)/;
const ACKNOWLEDGED = /收悉|收到|答复如下|函复如下|如下[：:]/;

/** A line that starts a unit of its own: numbered item, date, metadata, a salutation-like `X：`. */
function startsOwnLine(text: string): boolean {
  if (ENUMERATED_START.test(text) || META_LINE.test(text) || isDateLine(text)) return true;
  return /^[^，。；！？“”《》]{1,30}[：:]$/.test(text);
}
