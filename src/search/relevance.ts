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

/** Facts about a question that do not depend on the passage; compute once per question. */
export interface QuestionProfile {
  readonly weights: ReadonlyMap<string, number>;
  readonly total: number;
  readonly informativeTerms: number;
  /** Largest share of the weight held by one term no section contains. */
  readonly missingConcept: number;
}

/** Profiles a question's weighted terms. */
export function profileQuestion(
  weights: ReadonlyMap<string, number>,
  stats: TermStats,
  tuning = DEFAULT_RELEVANCE,
): QuestionProfile {
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0);
  let missing = 0;
  let informative = 0;
  for (const [term, w] of weights) {
    if (w > tuning.informativeWeight) informative++;
    if (stats.documentFrequency(term) === 0 && total > 0) missing = Math.max(missing, w / total);
  }
  return { weights, total, informativeTerms: informative, missingConcept: missing };
}

/**
 * Judges a passage by the question terms it contains (`found`) and, at half
 * weight, those found only in its surrounding section (`context`): the
 * sentence gives the figure, its section may name what the figure is about.
 * Breadth counts the passage's own terms only.
 */
export function judgeRelevance(
  found: ReadonlySet<string>,
  q: QuestionProfile,
  context: readonly string[] = [],
  tuning = DEFAULT_RELEVANCE,
): Relevance {
  if (q.total === 0) return { coverage: 0, accepted: false };
  let weight = context.reduce((sum, t) => sum + 0.5 * (q.weights.get(t) ?? 0), 0);
  let informative = 0;
  for (const term of found) {
    const w = q.weights.get(term) ?? 0;
    weight += w;
    if (w > tuning.informativeWeight) informative++;
  }
  const coverage = weight / q.total;
  const needed = Math.min(tuning.minInformative, Math.ceil(q.informativeTerms / 2));
  const accepted =
    coverage >= tuning.minCoverage &&
    informative >= needed &&
    q.missingConcept <= tuning.maxMissingConcept;
  return { coverage, accepted };
}
