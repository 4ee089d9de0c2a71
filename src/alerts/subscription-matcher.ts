import type { SubscriptionFilter } from "./alert-types.ts";
import { type CompiledFilter, compileFilter, filterHolds } from "./compiled-filter.ts";
import {
  type MatchableReply,
  type PreparedReply,
  prepareReply,
  SectionScorer,
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
  /** Every distinct filter, checked one by one when there are only a few. */
  private readonly all: CompiledFilter[] = [];
  private readonly byFilter = new Map<string, CompiledFilter>();
  private readonly filterOf = new Map<number, CompiledFilter>();
  private readonly gramShare: ((gram: string) => number) | undefined;
  private stamp = 0;

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
    this.gramShare = options.gramShare;
    for (const { id, filter } of subs) this.add(id, filter);
  }

  /** Number of distinct filters among the subscriptions (identical ones are matched once). */
  get distinctFilters(): number {
    let count = 0;
    for (const filter of this.byFilter.values()) if (filter.ids.length > 0) count++;
    return count;
  }

  /**
   * Adds a subscription (or gives an id already present its new filter), so
   * that a changed subscription need not rebuild the matcher.
   */
  add(id: number, filter: SubscriptionFilter): void {
    if (this.filterOf.has(id)) this.remove(id);
    const key = filterKey(filter);
    let compiled = this.byFilter.get(key);
    if (!compiled) {
      compiled = compileFilter(filter, this.gramShare);
      this.byFilter.set(key, compiled);
      this.file(compiled);
      this.all.push(compiled);
    }
    compiled.ids.push(id);
    this.filterOf.set(id, compiled);
  }

  /** Removes a subscription (unsubscribed, deactivated); unknown ids are ignored. */
  remove(id: number): void {
    const compiled = this.filterOf.get(id);
    if (!compiled) return;
    this.filterOf.delete(id);
    // A filter no chat holds any more stays filed (it matches for nobody) until the next rebuild.
    compiled.ids.splice(compiled.ids.indexOf(id), 1);
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
    const scorer = new SectionScorer(prepared);
    const hits: { filter: CompiledFilter; position: number | null }[] = [];
    const stamp = ++this.stamp;
    const few = this.all.length <= FEW_FILTERS;
    const visit = (filters: readonly CompiledFilter[]) => {
      for (const filter of filters) {
        if (filter.seen === stamp || filter.ids.length === 0) continue;
        filter.seen = stamp;
        if (filterHolds(filter, prepared, !few))
          hits.push({ filter, position: scorer.best(filter.keywords, filter.keywordKey) });
      }
    };
    if (few) visit(this.all);
    else this.visitCandidates(prepared, visit);
    return byId(hits);
  }

  /** Visits the filters filed under a key the reply has, and those filed under none. */
  private visitCandidates(
    prepared: PreparedReply,
    visit: (filters: readonly CompiledFilter[]) => void,
  ): void {
    if (this.byGram.size < prepared.grams.size) {
      for (const [gram, filters] of this.byGram) if (prepared.grams.has(gram)) visit(filters);
    } else {
      for (const gram of prepared.grams) visit(this.byGram.get(gram) ?? []);
    }
    for (const key of prepared.keys) visit(this.byKey.get(key) ?? []);
    if (prepared.unkeyedBody) visit(this.byBody);
    visit(this.others);
  }
}

/**
 * Up to this many distinct filters are checked one by one, without the
 * index: a reply failing them on a cheap field is then never normalised
 * (one filter over many stored replies, as a new subscription's preview does).
 */
const FEW_FILTERS = 8;

/** Largest subscription id sorted by packing it with its section into one number. */
const PACKABLE_ID = 2 ** 36;

/** One result per subscription of the filters matched, by subscription id. */
function byId(
  hits: readonly { filter: CompiledFilter; position: number | null }[],
): { subscriptionId: number; sectionPosition: number | null }[] {
  let count = 0;
  let packable = true;
  for (const { filter, position } of hits) {
    count += filter.ids.length;
    packable &&= (position ?? 0) < 65535 && filter.ids.every(isPackable);
  }
  if (!packable)
    return hits
      .flatMap(({ filter, position }) =>
        filter.ids.map((subscriptionId) => ({ subscriptionId, sectionPosition: position })),
      )
      .sort((a, b) => a.subscriptionId - b.subscriptionId);
  // 10,000s of results: a typed array sorts them without a comparator call each.
  const packed = new Float64Array(count);
  let at = 0;
  for (const { filter, position } of hits)
    for (const id of filter.ids) packed[at++] = id * 65536 + (position === null ? 0 : position + 1);
  packed.sort();
  return Array.from(packed, (value) => {
    const slot = value % 65536;
    return {
      subscriptionId: (value - slot) / 65536,
      sectionPosition: slot === 0 ? null : slot - 1,
    };
  });
}

function isPackable(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < PACKABLE_ID;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
