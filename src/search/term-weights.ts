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
  // Whether the current stretch of overlapping unknown bigrams already carries a weight.
  let stretchWeighed = false;
  terms.forEach((term, i) => {
    const previous = terms[i - 1];
    if (!(known[i - 1] === false && previous?.[1] === term[0])) stretchWeighed = false;
    if (replaced.has(term)) {
      weights.set(term, 0);
      return;
    }
    if (known[i]) {
      weights.set(term, stats.idf(term));
      return;
    }
    const isHanBigram = /^\p{Script=Han}{2}$/u.test(term);
    // Between two known terms: the seam of two words. At an edge it may be a word of its own.
    const between = known[i - 1] === true && known[i + 1] === true;
    const junction = isHanBigram && (FUNCTION_CHARS.test(term) || between);
    // Overlapping unknown bigrams (下面修停 → 下面, 面修, 修停) spell one unknown stretch:
    // it is one missing concept, weighed once.
    weights.set(term, junction || stretchWeighed ? 0 : stats.idf(term));
    if (!junction && isHanBigram) stretchWeighed = true;
  });
  for (const term of equivalences.flatMap((e) => e.alternatives.flat()))
    if (!weights.has(term) || replaced.has(term))
      weights.set(term, EQUIVALENT_WEIGHT * stats.idf(term));
  return weights;
}
