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
}

const RULE = /^\s*([-*_=])(?:\s*\1){2,}\s*$/;
const MARKDOWN_HEADING = /^\s{0,3}#{1,6}\s+/;

/** Splits text into cleaned units: markdown removed, spacing tightened, empty lines and rules dropped. */
export function toTextUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  for (const raw of text.split(/\r\n|\r|\n|\f|\u2028|\u2029/)) {
    if (RULE.test(raw)) continue;
    const markdownHeading = MARKDOWN_HEADING.test(raw);
    const boldOnly = /^\s*\*\*[^*]+\*\*\s*$/.test(raw);
    const cleaned = fullWidthEnumerator(tightenSpacing(halfWidthAlnum(stripMarkdown(raw))));
    if (cleaned.length === 0) continue;
    units.push({ text: cleaned, heading: markdownHeading || (boldOnly && cleaned.length <= 60) });
  }
  return units;
}

function stripMarkdown(line: string): string {
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
  /^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十]+[，、])/;
const META_LINE =
  /^(?:联系人|联系电话|联系地址|邮政编码|电子邮箱|抄送|办理结果|公开属性|公开方式|附件)/;

/** True when the unit ends a sentence (a closing quote or bracket counts when a stop precedes it). */
export function endsSentence(text: string): boolean {
  let t = text;
  while (CLOSERS.test(t)) t = t.slice(0, -1);
  if (t.length < text.length && t.length > 0) return SENTENCE_END.test(t);
  return SENTENCE_END.test(text);
}

/** True when a unit is a heading, a signature or a metadata line rather than running text. */
export function isStructural(unit: TextUnit): boolean {
  const t = unit.text;
  if (unit.heading || META_LINE.test(t) || isDateLine(t) || /印发$/.test(t)) return true;
  if (/[：:]$/.test(t) && t.length <= 40) return true;
  const hasStop = /[。！？；]/.test(t.slice(0, -1));
  if (ENUMERATED_START.test(t) && !hasStop && t.length <= 60) return true;
  return t.length <= 30 && !/[，。；、：,;:！？]/.test(t);
}

/**
 * Rejoins units that a page break split: a unit that does not end a sentence
 * continues in the next one (`推动技术经` + `理人协作模式`), unless either is
 * structural or the next one starts a new enumerated item. Units before
 * `from` (the letterhead) are kept as they are.
 */
export function repairPageBreaks(units: readonly TextUnit[], from = 0): TextUnit[] {
  const out: TextUnit[] = units.slice(0, from);
  for (const unit of units.slice(from)) {
    const previous = out.length > from ? out[out.length - 1] : undefined;
    if (
      previous &&
      !endsSentence(previous.text) &&
      !isStructural(previous) &&
      !isStructural(unit) &&
      !ENUMERATED_START.test(unit.text)
    ) {
      const glue = /[A-Za-z]$/.test(previous.text) && /^[A-Za-z]/.test(unit.text) ? " " : "";
      out[out.length - 1] = { text: previous.text + glue + unit.text, heading: false };
    } else {
      out.push(unit);
    }
  }
  return out;
}
