import type { SubscriptionFilter } from "./alert-types.ts";
import { type CompiledFilter, compileFilter, filterHolds } from "./compiled-filter.ts";
import {
  bestSection,
  type MatchableReply,
  type PreparedReply,
  prepareReply,
} from "./matchable-reply.ts";
import { filterKey } from "./subscription-filter.ts";

export { type MatchableReply, matchableReply } from "./matchable-reply.ts";

/**
 * Matches one new reply against every active subscription at once.
 *
 * Identical filters (however many chats saved them) are compiled and checked
 * once. Each filter is indexed under one key a matching reply must have: a
 * keyword filter under the least common character pair of its keywords (a
 * reply lacking that pair cannot match), else under its place (a reply
 * matches only under its place or a division containing it), else under its
 * answering body (asked once per reply); the rest (year, kind, category,
 * excluded words only, or nothing) are checked in full, which is cheap. The
 * reply's text is normalised once and its character pairs collected, so most
 * filters are never looked at and the candidates are checked field by field
 * before any substring search.
 *
 * @example
 * const matcher = new SubscriptionMatcher([{ id: 1, filter: parseSubscriptionFilter("养老 通山") }]);
 * matcher.match(matchableReply(doc, replyId)); // [{ subscriptionId: 1, sectionPosition: 2 }]
 */
export class SubscriptionMatcher {
  private readonly byGram = new Map<number, CompiledFilter[]>();
  private readonly byPlace = new Map<string, CompiledFilter[]>();
  private readonly byIssuer = new Map<string, CompiledFilter[]>();
  private readonly others: CompiledFilter[] = [];
  /** Number of distinct filters among the subscriptions. */
  readonly distinctFilters: number;

  /**
   * @param subs the active subscriptions and their parsed filters
   * @param options.gramFrequency how common a character pair is in replies
   *   (e.g. the search index's document frequency of the token); default: a
   *   built-in guess from the characters most common in government replies
   */
  constructor(
    subs: readonly { readonly id: number; readonly filter: SubscriptionFilter }[],
    options: { gramFrequency?: (gram: string) => number } = {},
  ) {
    const byKey = new Map<string, CompiledFilter>();
    for (const { id, filter } of subs) {
      const key = filterKey(filter);
      let compiled = byKey.get(key);
      if (!compiled) {
        compiled = compileFilter(filter, options.gramFrequency);
        byKey.set(key, compiled);
        this.file(compiled);
      }
      compiled.ids.push(id);
    }
    this.distinctFilters = byKey.size;
  }

  private file(filter: CompiledFilter): void {
    if (filter.keyGram !== null) push(this.byGram, filter.keyGram, filter);
    else if (filter.places) for (const place of filter.places) push(this.byPlace, place, filter);
    else if (filter.issuer) push(this.byIssuer, filter.issuer, filter);
    else this.others.push(filter);
  }

  /**
   * The subscriptions `reply` matches, by subscription id, each with the
   * position of the section that best matches its keywords (null when it has
   * none, or they occur only in the titles).
   */
  match(reply: MatchableReply): { subscriptionId: number; sectionPosition: number | null }[] {
    const prepared = prepareReply(reply);
    const out: { subscriptionId: number; sectionPosition: number | null }[] = [];
    const sections = new Map<string, number | null>();
    for (const filter of this.candidates(prepared)) {
      if (!filterHolds(filter, prepared)) continue;
      let position: number | null = null;
      if (filter.keywords.length > 0) {
        const key = filter.keywords.join("\u0000");
        position = sections.get(key) ?? null;
        if (!sections.has(key)) {
          position = bestSection(prepared.sections, filter.keywords);
          sections.set(key, position);
        }
      }
      for (const subscriptionId of filter.ids)
        out.push({ subscriptionId, sectionPosition: position });
    }
    return out.sort((a, b) => a.subscriptionId - b.subscriptionId);
  }

  /** Filters whose index key the reply has; a place filter only once however many names match. */
  private *candidates(prepared: PreparedReply): Generator<CompiledFilter> {
    if (this.byGram.size < prepared.grams.size) {
      for (const [gram, filters] of this.byGram) if (prepared.grams.has(gram)) yield* filters;
    } else {
      for (const gram of prepared.grams) yield* this.byGram.get(gram) ?? [];
    }
    const seen = new Set<CompiledFilter>();
    for (const place of prepared.places)
      for (const filter of this.byPlace.get(place) ?? [])
        if (!seen.has(filter)) {
          seen.add(filter);
          yield filter;
        }
    for (const [issuer, filters] of this.byIssuer) if (prepared.issuerIs(issuer)) yield* filters;
    yield* this.others;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
