import type { ReplySummary } from "../storage/reply.repository.ts";
import type { Excerpt } from "./excerpt.ts";
import type { AnalyzedQuestion } from "./query-analysis.ts";
import type { SearchHit } from "./search-service.ts";

/** Small pure helpers of ranking: filters combined, bonuses, and one reply's share of a page. */

/** Both filters (either may be absent). */
export function both(
  a: ((id: number) => boolean) | null,
  b: ((id: number) => boolean) | null,
): ((id: number) => boolean) | null {
  return a && b ? (id) => a(id) && b(id) : (a ?? b);
}

/** Score bonus of a passage with the figure asked, one in its unit only, and another figure. */
const FIGURE_BONUS = { "in-unit": 0.1, "unit-only": 0.08, number: 0.05 } as const;

/**
 * A "how many" question is better answered by a passage with a figure, best
 * the one asked for (in its unit, per its period …), then one in the unit.
 */
export function figureBonus(question: AnalyzedQuestion, excerpt: Excerpt): number {
  if (!question.wantsQuantity || excerpt.figure === null) return 0;
  return FIGURE_BONUS[excerpt.figure];
}

/** True when the excerpt names one of the reply's proposers. */
export function namesProposers(reply: ReplySummary, excerpt: Excerpt): boolean {
  return reply.proposers.some((p) => p.length >= 2 && excerpt.text.includes(p));
}

/** Keeps at most `perReply` hits of each reply, preserving order. */
export function diversify(hits: readonly SearchHit[], perReply: number): SearchHit[] {
  const counts = new Map<number, number>();
  return hits.filter((h) => {
    const n = counts.get(h.reply.id) ?? 0;
    counts.set(h.reply.id, n + 1);
    return n < perReply;
  });
}
