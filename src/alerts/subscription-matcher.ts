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
 * once. Each filter is filed under the one key a matching reply must have
 * that the fewest replies are estimated to have (filter-keys.ts): a
 * character pair of a keyword, its place (a reply has only its own place and
 * the divisions containing it), the place or function of its answering body,
 * its year, category or kind; filters with none (excluded words only, or
 * nothing) are checked always, which is cheap. The reply's text is
 * normalised once and its character pairs collected, so most filters are
 * never looked at, and the candidates are checked field by field before any
 * substring search.
 *
 * @example
 * const matcher = new SubscriptionMatcher([{ id: 1, filter: parseSubscriptionFilter("养老 通山") }]);
 * matcher.match(matchableReply(doc, replyId)); // [{ subscriptionId: 1, sectionPosition: 2 }]
 */
export class SubscriptionMatcher {
  private readonly byGram = new Map<number, CompiledFilter[]>();
  private readonly byKey = new Map<string, CompiledFilter[]>();
  /** Filters filed under a body's function key, all asked when a reply's body has none. */
  private readonly byBody: CompiledFilter[] = [];
  private readonly others: CompiledFilter[] = [];
  private stamp = 0;
  /** Number of distinct filters among the subscriptions. */
  readonly distinctFilters: number;

  /**
   * @param subs the active subscriptions and their parsed filters
   * @param options.gramShare share of replies (0–1) holding a character
   *   pair, e.g. from the search index's document frequencies; default: a
   *   guess from the characters most common in government replies
   */
  constructor(
    subs: readonly { readonly id: number; readonly filter: SubscriptionFilter }[],
    options: { gramShare?: (gram: string) => number } = {},
  ) {
    const byFilter = new Map<string, CompiledFilter>();
    for (const { id, filter } of subs) {
      const key = filterKey(filter);
      let compiled = byFilter.get(key);
      if (!compiled) {
        compiled = compileFilter(filter, options.gramShare);
        byFilter.set(key, compiled);
        this.file(compiled);
      }
      compiled.ids.push(id);
    }
    this.distinctFilters = byFilter.size;
  }

  private file(filter: CompiledFilter): void {
    const key = filter.indexKey;
    if (key === null) this.others.push(filter);
    else if ("gram" in key) push(this.byGram, key.gram, filter);
    else {
      for (const k of key.keys) push(this.byKey, k, filter);
      if (key.keys.some((k) => k.startsWith("ib"))) this.byBody.push(filter);
    }
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
    const stamp = ++this.stamp;
    const visit = (filters: readonly CompiledFilter[]) => {
      for (const filter of filters) {
        if (filter.seen === stamp) continue;
        filter.seen = stamp;
        if (!filterHolds(filter, prepared)) continue;
        const position = sectionOf(filter, prepared, sections);
        for (const subscriptionId of filter.ids)
          out.push({ subscriptionId, sectionPosition: position });
      }
    };
    if (this.byGram.size < prepared.grams.size) {
      for (const [gram, filters] of this.byGram) if (prepared.grams.has(gram)) visit(filters);
    } else {
      for (const gram of prepared.grams) visit(this.byGram.get(gram) ?? []);
    }
    for (const key of prepared.keys) visit(this.byKey.get(key) ?? []);
    if (prepared.unkeyedBody) visit(this.byBody);
    visit(this.others);
    return out.sort((a, b) => a.subscriptionId - b.subscriptionId);
  }
}

/** The best section for the filter's keywords, once per keyword set and reply. */
function sectionOf(
  filter: CompiledFilter,
  prepared: PreparedReply,
  cache: Map<string, number | null>,
): number | null {
  if (filter.keywords.length === 0) return null;
  const key = filter.keywords.join("\u0000");
  let position = cache.get(key);
  if (position === undefined) {
    position = bestSection(prepared.sections, filter.keywords);
    cache.set(key, position);
  }
  return position;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
