import { toSimplified } from "../text/chinese-text.ts";

/**
 * Text helpers of excerpt selection: offsets-preserving normalisation,
 * sentence and clause spans, and the figures that answer a question (23家,
 * 20:30, 10月底).
 */

/** The unit of a question asking for a time of day (几点): 20:30, 8点. */
export const TIME_OF_DAY = "时刻";
/** The unit of a question asking when (什么时候): 2024年7月, 10月底, 年内. */
export const DATE = "日期";
/** The unit of a question asking how long (多久, 多长时间): 70分钟, 15个工作日, or a date. */
export const DURATION = "时长";

/** A figure in a unit: 23家, 1万余人, 1.6万项, 十多个, 200多项; a time or a date. */
export function figureIn(unit: string): RegExp {
  if (unit === TIME_OF_DAY) return /\d{1,2}[:：]\d{2}|\d{1,2}[点时](?:\d|半|前|后|以|至|，|。)/;
  if (unit === DATE) return /(?:19|20)\d{2}年|\d{1,2}月|[年月]底|年内|上半年|下半年/;
  if (unit === DURATION)
    return /(?:\d|[一二三四五六七八九十两半])[\d.]*[多余]?个?(?:分钟|小时|工作日|天|周|星期|月|年)|(?:19|20)\d{2}年|\d{1,2}月|[年月]底|年内/;
  const escaped = unit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:\\d|[一二三四五六七八九十百千两])[\\d.]*[万亿千百]?[余多近]?${escaped}`);
}

/** A range of text offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}
/** Normalised form of each character seen so far (lower case, half width, simplified). */
const CHAR_FORMS = new Map<string, string>();

/**
 * Lower-cased, simplified, half-width text with the same length as the
 * original, normalised character by character (memoised), so offsets in it
 * are offsets in the original.
 */
export function alignedNormalize(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const code = c.charCodeAt(0);
    if (code < 0x80) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
      continue;
    }
    let form = CHAR_FORMS.get(c);
    if (form === undefined) {
      const n = toSimplified(c.normalize("NFKC")).toLowerCase();
      form = n.length === 1 ? n : c;
      CHAR_FORMS.set(c, form);
    }
    out += form;
  }
  return out;
}

/** Splits text into spans ending after each delimiter; blank spans are dropped. */
export function splitSpans(text: string, delimiter: RegExp): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (delimiter.test(text[i] ?? "")) {
      if (text.slice(start, i + 1).trim()) spans.push(trimSpan(text, { start, end: i + 1 }));
      start = i + 1;
    }
  }
  if (text.slice(start).trim()) spans.push(trimSpan(text, { start, end: text.length }));
  return spans;
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  return { start, end };
}

/** The first best-scoring candidate passing `keep` and scoring above `floor`, or null. */
export function bestOf(
  candidates: readonly Span[],
  scoreOf: (s: Span) => number,
  keep: (s: Span) => boolean,
  floor: number,
): Span | null {
  let best: Span | null = null;
  let bestScore = floor;
  for (const candidate of candidates) {
    const score = scoreOf(candidate);
    if (score > bestScore && keep(candidate)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Overlapping or touching spans merged, in order. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

const CLAUSE_END = /[，、：,:）)”」]/;

/** The best window of a long sentence, starting and ending at clause boundaries where possible. */
export function bestWindow(
  text: string,
  sentence: Span,
  maxLength: number,
  scoreOf: (s: Span) => number,
): Span {
  const room = maxLength - 2; // leave space for the ellipses
  const clauses = splitSpans(text.slice(0, sentence.end), CLAUSE_END).filter(
    (c) => c.start >= sentence.start,
  );
  let best: Span = { start: sentence.start, end: sentence.start + room };
  let bestScore = -1;
  for (const first of clauses) {
    let end = first.start;
    for (const clause of clauses) {
      if (clause.start < first.start) continue;
      if (clause.end - first.start > room) break;
      end = clause.end;
    }
    const window =
      end > first.start
        ? { start: first.start, end }
        : { start: first.start, end: Math.min(first.start + room, sentence.end) };
    const score = scoreOf(window);
    if (score > bestScore) {
      best = window;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Within a section, a term spread all over it says little about which
 * sentence answers; one found once says much: each weight is damped by how
 * often the term occurs here.
 */
export function dampedWeights(
  terms: readonly string[],
  counts: ReadonlyMap<string, number>,
  weight: (term: string) => number,
): Map<string, number> {
  return new Map([...new Set(terms)].map((t) => [t, weight(t) / Math.sqrt(counts.get(t) ?? 1)]));
}
