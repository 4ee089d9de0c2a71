import type { Equivalence } from "./synonyms.ts";
import type { TermStats } from "./term-weights.ts";

/**
 * Whether a passage answers a question well enough to be shown. A wrong
 * answer with a citation is worse than "not found", so three tests apply:
 * - coverage: the passage (with its reply's metadata) holds a good share of the question's weight;
 * - breadth: several distinct informative terms match, not one coincidental bigram;
 * - no missing key concept: a content word the corpus never uses must not carry most of the question.
 */

/** Thresholds; see {@link DEFAULT_RELEVANCE}. */
export interface RelevanceTuning {
  /** Minimum share of the question's weight found. */
  readonly minCoverage: number;
  /** Terms with weight at or below this are too common to count as evidence (idf 0.2 ≈ in 80% of sections). */
  readonly informativeWeight: number;
  /** Informative terms that must match (fewer when the question has fewer). */
  readonly minInformative: number;
  /** Largest share of the weight one term unknown to the corpus may carry. */
  readonly maxMissingConcept: number;
}

export const DEFAULT_RELEVANCE: RelevanceTuning = {
  minCoverage: 0.35,
  informativeWeight: 0.2,
  minInformative: 3,
  maxMissingConcept: 0.4,
};

/** The verdict on one passage. */
export interface Relevance {
  readonly coverage: number;
  readonly accepted: boolean;
}

/** A question word with equivalents, as relevance weighs it. */
export interface WeighedEquivalence {
  /** The word's own terms. */
  readonly terms: readonly string[];
  /** Each equivalent's terms (none of them a term of the question itself). */
  readonly alternatives: readonly (readonly string[])[];
  /** Most an equivalent may add: the word's own weight, or the best equivalent's when it stands in for the word. */
  readonly cap: number;
  /** True when the corpus lacks the word and its equivalents stand in for it. */
  readonly replaces: boolean;
}

/** Facts about a question that do not depend on the passage; compute once per question. */
export interface QuestionProfile {
  readonly weights: ReadonlyMap<string, number>;
  readonly total: number;
  readonly informativeTerms: number;
  /** Largest share of the weight held by one term no section contains. */
  readonly missingConcept: number;
  /** The question's own terms (not equivalents). */
  readonly own: ReadonlySet<string>;
  readonly equivalences: readonly WeighedEquivalence[];
}

/**
 * Profiles a question's weighted terms. An equivalent counts toward the
 * total only when it stands in for a word the corpus never uses; otherwise
 * it is extra evidence for the word it is equivalent to.
 */
export function profileQuestion(
  weights: ReadonlyMap<string, number>,
  stats: TermStats,
  equivalences: readonly Equivalence[] = [],
  tuning = DEFAULT_RELEVANCE,
): QuestionProfile {
  const alternative = new Set(equivalences.flatMap((e) => e.alternatives.flat()));
  const own = new Set([...weights.keys()].filter((t) => !alternative.has(t)));
  const sum = (terms: readonly string[]) => terms.reduce((s, t) => s + (weights.get(t) ?? 0), 0);
  const weighed = equivalences.map((e) => ({
    terms: e.terms,
    alternatives: e.alternatives,
    cap: e.replaces ? Math.max(0, ...e.alternatives.map(sum)) : sum(e.terms),
    replaces: e.replaces,
  }));
  const total =
    sum([...own]) + weighed.reduce((s, e, i) => s + (equivalences[i]?.replaces ? e.cap : 0), 0);
  let missing = 0;
  let informative = 0;
  for (const term of own) {
    const w = weights.get(term) ?? 0;
    if (w > tuning.informativeWeight) informative++;
    if (stats.documentFrequency(term) === 0 && total > 0) missing = Math.max(missing, w / total);
  }
  return {
    weights,
    total,
    informativeTerms: informative,
    missingConcept: missing,
    own,
    equivalences: weighed,
  };
}

/**
 * Judges a passage by the question terms it contains (`found`) and, at half
 * weight, those found only in its surrounding section (`context`): the
 * sentence gives the figure, its section may name what the figure is about.
 * Breadth counts the passage's own terms only. An equivalent found adds what
 * its word, not found, would have added.
 */
export function judgeRelevance(
  found: ReadonlySet<string>,
  q: QuestionProfile,
  context: readonly string[] = [],
  tuning = DEFAULT_RELEVANCE,
): Relevance {
  if (q.total === 0) return { coverage: 0, accepted: false };
  const w = (t: string) => q.weights.get(t) ?? 0;
  let weight = context.reduce((sum, t) => sum + (q.own.has(t) ? 0.5 * w(t) : 0), 0);
  let informative = 0;
  for (const term of found) {
    if (q.own.has(term)) weight += w(term);
    if (w(term) > tuning.informativeWeight) informative++;
  }
  weight += equivalentGain(found, q, w);
  const coverage = weight / q.total;
  const needed = Math.min(tuning.minInformative, Math.ceil(q.informativeTerms / 2));
  const accepted =
    coverage >= tuning.minCoverage &&
    informative >= needed &&
    q.missingConcept <= tuning.maxMissingConcept;
  return { coverage, accepted };
}

/** What equivalents found add beyond their words' own terms found. */
function equivalentGain(
  found: ReadonlySet<string>,
  q: QuestionProfile,
  w: (t: string) => number,
): number {
  let gain = 0;
  // Where the corpus has the user's own word, whether a passage answers is judged by it alone:
  // its equivalents only help rank and cut (a guess must not turn "no answer" into an answer).
  for (const e of q.equivalences.filter((x) => x.replaces)) {
    const sum = (terms: readonly string[]) =>
      terms.reduce((s, t) => s + (found.has(t) ? w(t) : 0), 0);
    const ownFound = sum(e.terms);
    const altFound = Math.min(e.cap, Math.max(0, ...e.alternatives.map(sum)));
    gain += Math.max(0, altFound - ownFound);
  }
  return gain;
}
