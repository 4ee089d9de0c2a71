import { EQUIVALENT_WEIGHT, type Equivalence } from "./synonyms.ts";

/**
 * How much each query term should count when judging whether an excerpt
 * answers the question.
 *
 * Bigrams of a question include junctions between words (姜雪峰委员 → 峰委)
 * and bigrams with particles (提案的 → 案的). Such a bigram that never occurs
 * in the corpus says nothing. Any other unknown bigram (护照, 医院) is content
 * the corpus lacks: it keeps the highest weight, so that the question is not
 * "answered" by its few common words.
 */

/** Characters that make an unknown bigram a grammatical junction rather than a word. */
const FUNCTION_CHARS =
  /[的了是在和与有为对等及把被让给从向到就都也还又很个这那谁吗呢吧啊哪么几多少里中]/;

/** Corpus statistics the weights need. */
export interface TermStats {
  documentFrequency(term: string): number;
  idf(term: string): number;
}

/**
 * Weight per distinct term (in question order), then the equivalents'
 * terms at {@link EQUIVALENT_WEIGHT}. The terms of a word the corpus never
 * uses but whose equivalents it does (看病 → 就医) weigh nothing (养老院: 养老,
 * 老院 → 养老机构), unless an equivalent shares them (养老 then weighs as an
 * equivalent's term): the equivalents stand in for the word, and its terms
 * make no junctions with their neighbours.
 */
export function questionTermWeights(
  terms: readonly string[],
  stats: TermStats,
  equivalences: readonly Equivalence[] = [],
): Map<string, number> {
  const replaced = new Set(equivalences.filter((e) => e.replaces).flatMap((e) => e.terms));
  const known = terms.map((t) => replaced.has(t) || stats.documentFrequency(t) > 0);
  const weights = new Map<string, number>();
  terms.forEach((term, i) => {
    if (replaced.has(term)) weights.set(term, 0);
    else if (known[i] || !HAN_BIGRAM.test(term)) weights.set(term, stats.idf(term));
  });
  for (const [start, end] of unknownStretches(terms, known))
    weighStretch(terms, known, [start, end], (t) => stats.idf(t), weights);
  for (const term of equivalences.flatMap((e) => e.alternatives.flat()))
    if (!weights.has(term) || replaced.has(term))
      weights.set(term, EQUIVALENT_WEIGHT * stats.idf(term));
  return weights;
}

const HAN_BIGRAM = /^\p{Script=Han}{2}$/u;
const overlaps = (a: string | undefined, b: string | undefined) =>
  a?.length === 2 && b !== undefined && a[1] === b[0];

/** Runs [start, end) of overlapping bigrams the corpus does not know (下面, 面修, 修停). */
function unknownStretches(terms: readonly string[], known: readonly boolean[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  terms.forEach((term, i) => {
    const unknown = !known[i] && HAN_BIGRAM.test(term);
    if (unknown && start >= 0 && overlaps(terms[i - 1], term)) return;
    if (start >= 0) runs.push([start, i]);
    start = unknown ? i : -1;
  });
  if (start >= 0) runs.push([start, terms.length]);
  return runs;
}

/**
 * A stretch of unknown bigrams spells characters the corpus never has in
 * that order; those it shares with a known word beside it belong to that
 * word. Inside the question, with at most one character of its own, it is
 * the seam of two words (成企 in 户转成企业, 团提 in 代表团提的) and weighs
 * nothing. Otherwise it is one missing word, weighed once, however many
 * bigrams spell it.
 */
function weighStretch(
  terms: readonly string[],
  known: readonly boolean[],
  [start, end]: [number, number],
  idf: (term: string) => number,
  weights: Map<string, number>,
): void {
  const left = start > 0 && known[start - 1] === true && overlaps(terms[start - 1], terms[start]);
  const right = end < terms.length && known[end] === true && overlaps(terms[end - 1], terms[end]);
  const own = end - start + 1 - (left ? 1 : 0) - (right ? 1 : 0);
  // At the question's start or end it may be a word of its own (黄浦 of 黄浦江, before a known 浦江).
  const inside = start > 0 && end < terms.length;
  let carried = own <= 1 && inside;
  for (let i = start; i < end; i++) {
    const term = terms[i] as string;
    const carries = !carried && !FUNCTION_CHARS.test(term);
    weights.set(term, carries ? idf(term) : 0);
    carried ||= carries;
  }
}
