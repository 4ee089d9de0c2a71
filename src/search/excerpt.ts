import {
  alignedNormalize,
  bestOf,
  bestWindow,
  dampedWeights,
  mergeSpans,
  type Span,
  splitSpans,
} from "./excerpt-text.ts";
import {
  type FigureQualifiers,
  type FigureTest,
  type FigureTests,
  figureTests,
} from "./figure-asked.ts";

export { DATE, DURATION, TIME_OF_DAY } from "./excerpt-text.ts";

/**
 * Picks the sentence (or two) of a section that best answers a question and
 * cuts it to at most {@link MAX_EXCERPT_LENGTH} characters at clause
 * boundaries, marking the matched terms.
 */

/** The longest excerpt shown, ellipses included. */
export const MAX_EXCERPT_LENGTH = 160;

/** A run of excerpt text; `mark` runs matched the question. */
export interface ExcerptSegment {
  readonly text: string;
  readonly mark: boolean;
}

/** An excerpt and how well it answers. */
export interface Excerpt {
  /** Plain text, ellipses included. */
  readonly text: string;
  readonly segments: readonly ExcerptSegment[];
  /** Offset of the excerpt in the section text (before any leading ellipsis). */
  readonly start: number;
  /** Sum of the weights of distinct terms in the excerpt (plus the figure bonus). */
  readonly score: number;
  /** Distinct query terms found in the excerpt. */
  readonly matched: readonly string[];
  /** Distinct query terms found anywhere in the text the excerpt was cut from. */
  readonly inContext: readonly string[];
  /**
   * The figure asked for (23家 for 多少家; 每年120元 for 一年多少钱), one in
   * the unit asked that lacks the question's qualifiers (每次15元), another
   * figure, or none.
   */
  readonly figure: "in-unit" | "unit-only" | "number" | null;
}

/** Options for {@link selectExcerpt}. */
export interface ExcerptOptions {
  /** Weight of a term, e.g. its IDF. */
  readonly weight: (term: string) => number;
  /** Prefer passages with figures (the question asks 多少). Default false. */
  readonly wantsQuantity?: boolean;
  /** The measure word asked for (多少家 → 家): prefer passages with a figure in that unit. */
  readonly unit?: string | null;
  /** What the figure must say beyond its unit (per month, in the evening, the new value). */
  readonly qualifiers?: FigureQualifiers;
  /** Default {@link MAX_EXCERPT_LENGTH}. */
  readonly maxLength?: number;
}

/** Score multipliers of a passage with the figure asked, one in the unit only, and another figure. */
const FIGURE_FACTOR = { asked: 2.5, unit: 2, number: 1.25 } as const;

interface Occurrence extends Span {
  readonly term: string;
}

const SENTENCE_END = /[。！？；!?;\n]/;
/** A neighbouring sentence is added only when it brings this much more of the question. */
const EXTEND_GAIN = 1.2;
const ITEM_START =
  /^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)/;

/** Selects the best excerpt of `text` for `terms`. */
export function selectExcerpt(
  text: string,
  terms: readonly string[],
  options: ExcerptOptions,
): Excerpt {
  return pick(readSection(text, terms, options), false) as Excerpt;
}

/**
 * The best excerpt holding the figure asked for (`options.unit` with its
 * qualifiers; failing that, another excerpt with a figure in the unit), or
 * null when no sentence has one: a second candidate when the best excerpt
 * describes the matter and another sentence gives the figure.
 */
export function selectFigureExcerpt(
  text: string,
  terms: readonly string[],
  options: ExcerptOptions,
): Excerpt | null {
  return options.unit ? pick(readSection(text, terms, options), true) : null;
}

/**
 * Both excerpts search offers for a section: the best one, and the figure
 * excerpt ({@link selectFigureExcerpt}) when the best lacks the figure
 * asked. The text is read once for both (normalised, searched for the
 * terms, its long sentences windowed).
 */
export function selectExcerpts(
  text: string,
  terms: readonly string[],
  options: ExcerptOptions,
): { best: Excerpt; withFigure: Excerpt | null } {
  const section = readSection(text, terms, options);
  const best = pick(section, false) as Excerpt;
  const withFigure = options.unit && best.figure !== "in-unit" ? pick(section, true) : null;
  return { best, withFigure };
}

/** A section's text read for a question: what both excerpt choices start from. */
interface SectionReading {
  readonly text: string;
  readonly maxLength: number;
  readonly occurrences: readonly Occurrence[];
  readonly counts: ReadonlyMap<string, number>;
  readonly figures: FigureTests | null;
  readonly scoreOf: (span: Span) => number;
  readonly holds: (test: FigureTest | undefined) => (span: Span) => boolean;
  readonly sentences: readonly Span[];
  /** Each sentence, or the best window of one too long for an excerpt. */
  readonly candidates: readonly Span[];
}

function readSection(
  text: string,
  terms: readonly string[],
  options: ExcerptOptions,
): SectionReading {
  const maxLength = options.maxLength ?? MAX_EXCERPT_LENGTH;
  const normalized = alignedNormalize(text);
  const occurrences = findOccurrences(normalized, terms);
  const counts = new Map<string, number>();
  for (const o of occurrences) counts.set(o.term, (counts.get(o.term) ?? 0) + 1);
  const weights = dampedWeights(terms, counts, options.weight);
  const figures = options.unit ? figureTests(options.unit, options.qualifiers) : null;
  const weigh = { ...options, figures, weight: (t: string) => weights.get(t) ?? 0 };
  const scoreOf = (span: Span) => spanScore(normalized, span, occurrences, weigh);
  const holds = (test: FigureTest | undefined) => (span: Span) =>
    !!test?.test(normalized.slice(span.start, span.end));
  const sentences = splitSpans(text, SENTENCE_END);
  const candidates = sentences.map((sentence) =>
    sentence.end - sentence.start > maxLength
      ? bestWindow(text, sentence, maxLength, scoreOf)
      : sentence,
  );
  return { text, maxLength, occurrences, counts, figures, scoreOf, holds, sentences, candidates };
}

function pick(section: SectionReading, figureOnly: boolean): Excerpt | null {
  const { text, maxLength, figures, scoreOf, holds, candidates } = section;
  const chosen = figureOnly
    ? chooseWithFigure(candidates, scoreOf, holds, figures)
    : (bestOf(candidates, scoreOf, () => true, -1) ?? { start: 0, end: text.length });
  if (!chosen) return null;
  const best = extend(text, chosen, section.sentences, maxLength, scoreOf);
  const figure = holds(figures?.asked)(best)
    ? "in-unit"
    : holds(figures?.unit)(best)
      ? "unit-only"
      : holds(/\d/)(best)
        ? "number"
        : null;
  return {
    ...render(text, best, section.occurrences, scoreOf(best), maxLength),
    inContext: [...section.counts.keys()],
    figure,
  };
}

/**
 * The best candidate holding the figure asked; failing that, the best one
 * with a figure in its unit, unless that is the best candidate over all
 * (the excerpt offered anyway).
 */
function chooseWithFigure(
  candidates: readonly Span[],
  scoreOf: (s: Span) => number,
  holds: (test: FigureTest | undefined) => (s: Span) => boolean,
  figures: FigureTests | null,
): Span | null {
  const asked = bestOf(candidates, scoreOf, holds(figures?.asked), 0);
  if (asked || figures?.asked === figures?.unit) return asked;
  const top = bestOf(candidates, scoreOf, () => true, -1);
  const inUnit = bestOf(candidates, scoreOf, holds(figures?.unit), 0);
  return inUnit && !(inUnit.start === top?.start && inUnit.end === top.end) ? inUnit : null;
}

function findOccurrences(normalized: string, terms: readonly string[]): Occurrence[] {
  const found: Occurrence[] = [];
  for (const term of new Set(terms)) {
    const boundary = /^[a-z0-9.%]/.test(term);
    for (let at = normalized.indexOf(term); at >= 0; at = normalized.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (
        boundary &&
        (/[a-z0-9.]/.test(normalized[at - 1] ?? "") || /[a-z0-9]/.test(normalized[end] ?? ""))
      )
        continue;
      found.push({ term, start: at, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function spanScore(
  normalized: string,
  span: Span,
  occurrences: readonly Occurrence[],
  options: ExcerptOptions & { figures: FigureTests | null },
): number {
  const inside = new Set<string>();
  for (const o of occurrences) if (o.start >= span.start && o.end <= span.end) inside.add(o.term);
  let score = 0;
  for (const term of inside) score += options.weight(term);
  if (!options.wantsQuantity || score === 0) return score;
  const text = normalized.slice(span.start, span.end);
  const { figures } = options;
  if (figures?.asked !== figures?.unit && figures?.asked.test(text))
    return score * FIGURE_FACTOR.asked;
  if (figures?.unit.test(text)) return score * FIGURE_FACTOR.unit;
  return /\d/.test(text) ? score * FIGURE_FACTOR.number : score;
}

/** Adds the neighbouring sentence when it fits and adds matches (the "or two" of "a sentence or two"). */
function extend(
  text: string,
  span: Span,
  sentences: readonly Span[],
  maxLength: number,
  scoreOf: (s: Span) => number,
): Span {
  const index = sentences.findIndex((s) => s.start <= span.start && span.end <= s.end);
  if (index < 0) return span;
  const base = scoreOf(span);
  const candidates = [sentences[index + 1], sentences[index - 1]].filter(
    (s): s is Span => s !== undefined,
  );
  for (const next of candidates) {
    // A neighbour that opens a new item (二是…, （二）…) belongs to another heading.
    if (next.start > span.start && ITEM_START.test(text.slice(next.start, next.start + 4)))
      continue;
    const joined = { start: Math.min(span.start, next.start), end: Math.max(span.end, next.end) };
    if (
      joined.end - joined.start > maxLength ||
      text.slice(joined.start, joined.end).includes("\n\n")
    )
      continue;
    if (scoreOf(joined) > base * EXTEND_GAIN) return joined;
  }
  return span;
}

function render(
  text: string,
  span: Span,
  occurrences: readonly Occurrence[],
  score: number,
  maxLength: number,
): Omit<Excerpt, "inContext" | "figure"> {
  const cutBefore = span.start > 0 && !SENTENCE_END.test(text[span.start - 1] ?? "。");
  const needsTail = (at: number) =>
    at < text.length && text[at] !== "\n" && !SENTENCE_END.test(text[at - 1] ?? "");
  const budget = maxLength - (cutBefore ? 1 : 0);
  let end = span.end;
  if (end - span.start + (needsTail(end) ? 1 : 0) > budget) end = span.start + budget - 1;
  const cutAfter = needsTail(end);
  const inside = occurrences.filter((o) => o.start >= span.start && o.end <= end);
  const marks = mergeSpans(inside);
  const segments: ExcerptSegment[] = [];
  if (cutBefore) segments.push({ text: "…", mark: false });
  let at = span.start;
  for (const m of marks) {
    if (m.start > at) segments.push({ text: text.slice(at, m.start), mark: false });
    segments.push({ text: text.slice(m.start, m.end), mark: true });
    at = m.end;
  }
  if (end > at) segments.push({ text: text.slice(at, end), mark: false });
  if (cutAfter) segments.push({ text: "…", mark: false });
  return {
    text: segments.map((s) => s.text).join(""),
    segments,
    start: span.start,
    score,
    matched: [...new Set(inside.map((o) => o.term))],
  };
}
