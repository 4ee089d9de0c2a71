import type { TextUnit } from "../text-units.ts";
import { isOrganisation } from "./organisation.ts";
import { findPrintedDocNumber, type PrintedDocNumber } from "./printed-doc-number.ts";
import { type ResultMark, readResultLine, readTrailingClass } from "./result-mark.ts";

/**
 * Pass 3: the head, everything above the greeting: letterhead, 文号 (with a
 * class glued on), 签发人, result marks, 公开属性 and the title lines (a title
 * wrapped over two lines is joined; two stacked titles stay two).
 */
export interface Head {
  readonly letterhead: string | null;
  /** The 文号 as printed, class marking removed. */
  readonly docNumber: string | null;
  readonly titles: readonly string[];
  readonly mark: ResultMark | null;
  /** The value of an `办理结果：` line. */
  readonly result: string | null;
  readonly disclosure: string | null;
  readonly signer: string | null;
}

/** Words a title line carries; a column name (建议提案办理, 人大代表建议) carries none. */
const TITLE_WORDS = /答复|复函|回复|意见|的函|关于|会议|第\s*\S{1,12}\s*号/;
/** A title that is complete: it ends with the kind of document. */
const TITLE_END = /(?:答复|复函|回复|的函|答复函|会办意见|协办意见|办理意见|意见)$/;
/** A class printed after the title: `…的答复（A类）`. */
const TITLE_CLASS = /([（(][A-D][1-9]?类[）)])$/;
const SIGNER = /^(?:签发人|签发|核稿人|审核人)\s*[：:]\s*(.*)$/;
const FIELD = /^(办理结果|公开属性|公开方式|公开类型)\s*[：:]\s*(.+)$/;

interface Draft {
  letterhead: string | null;
  docNumber: string | null;
  titles: string[];
  mark: ResultMark | null;
  result: string | null;
  disclosure: string | null;
  signer: string | null;
  titleOpen: boolean;
}

/** Reads the head units (those before the greeting). */
export function readHead(units: readonly TextUnit[]): Head {
  const d: Draft = {
    letterhead: null,
    docNumber: null,
    titles: [],
    mark: null,
    result: null,
    disclosure: null,
    signer: null,
    titleOpen: false,
  };
  for (const unit of units) readHeadLine(unit.text, d);
  const { titleOpen: _open, ...head } = d;
  return head;
}

function readHeadLine(text: string, d: Draft): void {
  const signer = SIGNER.exec(text);
  if (signer) {
    d.signer = signer[1]?.trim() || null;
    return;
  }
  const field = FIELD.exec(text);
  if (field?.[1] === "办理结果") d.result = field[2]?.trim() ?? null;
  else if (field) d.disclosure = field[2]?.trim() ?? null;
  const mark = readResultLine(text);
  if (mark || field) {
    d.mark ??= mark;
    d.titleOpen = false;
    return;
  }
  const number = d.docNumber ? null : findPrintedDocNumber(text);
  if (number) {
    readDocNumberLine(text, number, d);
    return;
  }
  if (
    isOrganisation(text) &&
    d.titles.length === 0 &&
    !TITLE_WORDS.test(text.replace(/委员会$/, ""))
  ) {
    // The body named nearest above the 文号 and title is the letterhead; a site name above it is not.
    if (!d.docNumber) d.letterhead = text.replace(/文件$/, "");
    return;
  }
  if (TITLE_WORDS.test(text) && text.length <= 120) addTitleLine(text, d);
  else d.titleOpen = false;
}

/** A 文号 line: a letterhead or a title may stand before the number, a class or a title after it. */
function readDocNumberLine(text: string, number: PrintedDocNumber, d: Draft): void {
  d.docNumber = number.printed;
  const before = text
    .slice(0, number.start)
    .replace(/[（([［【]$/, "")
    .trim();
  if (before && isOrganisation(before)) d.letterhead ??= before.replace(/文件$/, "");
  else if (TITLE_WORDS.test(before)) addTitleLine(before, d);
  const rest = text
    .slice(number.end)
    .replace(/^[）)\]］】]/, "")
    .trim();
  const trailing = readResultLine(rest) ?? readTrailingClass(rest);
  if (trailing) d.mark ??= trailing;
  const glued = trailing ? rest.slice(rest.indexOf(trailing.label) + trailing.label.length) : rest;
  d.titleOpen = false;
  if (TITLE_WORDS.test(glued) && glued.length >= 6) addTitleLine(glued, d);
}

function addTitleLine(line: string, d: Draft): void {
  const mark = TITLE_CLASS.exec(line);
  if (mark?.[1]) d.mark ??= readTrailingClass(mark[1]);
  const text = mark ? line.slice(0, mark.index) : line;
  const last = d.titles.length - 1;
  if (d.titleOpen && last >= 0) d.titles[last] = `${d.titles[last]}${text}`;
  else d.titles.push(text);
  d.titleOpen = !TITLE_END.test(text);
}
