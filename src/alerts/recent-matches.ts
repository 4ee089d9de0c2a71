import type { Database } from "../storage/database.ts";
import { type ReplySummary, toSummary } from "../storage/reply.repository.ts";
import { getSectionsOfReplies } from "../storage/section.repository.ts";
import type { SubscriptionFilter } from "./alert-types.ts";
import type { MatchableReply } from "./matchable-reply.ts";
import { SubscriptionMatcher } from "./subscription-matcher.ts";

/**
 * The newest stored replies a filter matches: what a new subscription would
 * have been told about lately. Uses the same matcher as new replies, over
 * stored replies read newest first in batches, up to a bound.
 */

/** Options for {@link recentMatches}. */
export interface RecentMatchOptions {
  /** Most replies returned. Default 3. */
  readonly limit?: number;
  /** Most replies read (the newest) before giving up: a preview, not a search. Default 2000. */
  readonly scan?: number;
  /** Replies read per batch. Default 200. */
  readonly batch?: number;
}

/** Replies `filter` matches, newest first (by signing date, then id). */
export async function recentMatches(
  db: Database,
  filter: SubscriptionFilter,
  options: RecentMatchOptions = {},
): Promise<ReplySummary[]> {
  const limit = options.limit ?? 3;
  const scan = options.scan ?? 2000;
  const batch = options.batch ?? 200;
  const matcher = new SubscriptionMatcher([{ id: 0, filter }]);
  const found: ReplySummary[] = [];
  for (let offset = 0; offset < scan && found.length < limit; offset += batch) {
    const rows = await db
      .selectFrom("reply")
      .selectAll()
      .orderBy("signed_on", "desc")
      .orderBy("id", "desc")
      .limit(Math.min(batch, scan - offset))
      .offset(offset)
      .execute();
    if (rows.length === 0) break;
    const summaries = rows.map(toSummary);
    const sections = await getSectionsOfReplies(
      db,
      summaries.map((r) => r.id),
    );
    const byReply = new Map<number, { title: string; text: string }[]>();
    for (const s of sections) byReply.set(s.replyId, [...(byReply.get(s.replyId) ?? []), s]);
    for (const summary of summaries) {
      const own = byReply.get(summary.id) ?? [];
      if (matcher.match(matchable(summary, own)).length > 0) found.push(summary);
      if (found.length >= limit) break;
    }
  }
  return found;
}

function matchable(
  r: ReplySummary,
  sections: readonly { title: string; text: string }[],
): MatchableReply {
  return {
    replyId: r.id,
    docNumber: r.docNumber,
    title: r.title,
    proposalTitle: r.proposalTitle,
    issuer: r.issuer,
    issuers: r.issuers,
    place: r.place,
    date: r.date,
    session: r.session,
    proposalKind: r.proposalKind,
    resultCategory: r.resultCategory,
    sections: sections.map((s) => ({ title: s.title, text: s.text })),
  };
}
