import {
  type FieldPostings,
  findPackedTerm,
  packedPostings,
  packedTermAt,
  packedTermCount,
  type TermStoreBase,
} from "./packed-terms.ts";
import { RemovedIds } from "./removed-ids.ts";

export {
  compareAt,
  type FieldPostings,
  forEachPosting,
  type Postings,
  type TermStoreBase,
} from "./packed-terms.ts";

/**
 * MiniSearch's term dictionary, made compact.
 *
 * MiniSearch keeps terms in a radix tree (for prefix and fuzzy search, which
 * dafu never uses) of nested Maps, so a large index costs gigabytes and
 * loads slowly. A TermStore holds the bulk as one sorted, packed term list
 * and flat posting arrays (built in one pass, or read from a snapshot
 * without parsing), plus an overlay Map for terms changed since. It offers
 * the methods MiniSearch calls on its index: get, fetch, has, set, delete,
 * size and iteration.
 *
 * MiniSearch's `discard` leaves a document's postings in place (it cleans
 * them up by vacuuming, which cannot work on the packed base). So the store
 * is told which short ids were discarded ({@link TermStore.markRemoved}) and
 * purges them from a term's postings the first time the term is read after
 * the removal: every read (and so every document frequency) sees only live
 * documents, exactly as a fresh build would.
 */

/** Sizes of a store's parts, to watch it under churn. */
export interface TermStoreFootprint {
  readonly baseTerms: number;
  readonly basePostings: number;
  /** Terms held in the overlay (changed, added or deleted since the base). */
  readonly overlayTerms: number;
  /** Short ids discarded since the base, not yet compacted away. */
  readonly removedIds: number;
}

export class TermStore {
  /** Terms changed since the base was built; null marks a base term deleted. */
  private readonly overlay = new Map<string, FieldPostings | null>();
  private termCount: number;
  /** Short ids discarded since the base. */
  private readonly removed = new RemovedIds();
  /** Per term: how many of `removed` have been purged from its postings. */
  private readonly purgedUpTo = new Map<string, number>();
  /** Overlay terms the base does not have. */
  private readonly added = new Set<string>();

  /** 1 at each base term that has an overlay entry (changed or deleted). */
  private readonly baseChanged: Uint8Array;

  constructor(private readonly base: TermStoreBase | null = null) {
    this.termCount = packedTermCount(base);
    this.baseChanged = new Uint8Array(this.termCount);
  }

  /** Number of terms (a term whose postings are all discarded counts until it is next read). */
  get size(): number {
    return this.termCount;
  }

  get(term: string): FieldPostings | undefined {
    const value = this.lookup(term);
    if (value === undefined || this.removed.count === 0) return value;
    const from = this.purgedUpTo.get(term) ?? 0;
    return from === this.removed.count ? value : this.purge(term, value, from);
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  /**
   * The term's postings, created with `init` when missing; kept in the
   * overlay since the caller (MiniSearch's `add`) will change them. Not
   * purged here: adding a live posting leaves what is purged as it was, and
   * the next read purges the rest (so indexing pays nothing for removals).
   */
  fetch(term: string, init: () => FieldPostings): FieldPostings {
    const existing = this.lookup(term);
    if (existing) {
      if (this.overlay.get(term) !== existing) this.remember(term, existing);
      return existing;
    }
    const value = init();
    this.termCount++;
    // Not in the overlay at all (a deleted base term is there as null): a term the base lacks.
    if (!this.overlay.has(term)) this.added.add(term);
    this.overlay.set(term, value);
    // A new list holds no id removed so far (short ids are never reused).
    this.purgedUpTo.set(term, this.removed.count);
    return value;
  }

  set(term: string, value: FieldPostings): this {
    if (!this.has(term)) this.termCount++;
    if (this.baseIndex(term) < 0) this.added.add(term);
    this.remember(term, value);
    this.purgedUpTo.delete(term);
    return this;
  }

  delete(term: string): void {
    if (!this.has(term)) return;
    this.termCount--;
    this.forget(term);
  }

  /**
   * Records that MiniSearch discarded the document with this short id: its
   * postings are purged from each term when the term is next read.
   */
  markRemoved(shortId: number): void {
    this.removed.add(shortId);
  }

  /** The packed base when nothing has changed since it was built or loaded, else null. */
  pristineBase(): TermStoreBase | null {
    return this.overlay.size === 0 && this.removed.count === 0 ? this.base : null;
  }

  /** Sections containing the term: the largest of its per-field posting lists. */
  documentFrequency(term: string): number {
    let df = 0;
    for (const postings of this.get(term)?.values() ?? []) df = Math.max(df, postings.size);
    return df;
  }

  /**
   * The base, the overlay (terms changed since, null for deleted) and the
   * overlay's terms not in the base, sorted: what compaction merges.
   */
  changes(): {
    base: TermStoreBase | null;
    overlay: ReadonlyMap<string, FieldPostings | null>;
    added: string[];
    /** 1 at each base term with an overlay entry. */
    baseChanged: Uint8Array;
  } {
    // The default sort compares UTF-16 code units, the base's order.
    const added = [...this.added].sort();
    return { base: this.base, overlay: this.overlay, added, baseChanged: this.baseChanged };
  }

  /** Sizes of the base, the overlay and the removed ids. */
  footprint(): TermStoreFootprint {
    return {
      baseTerms: packedTermCount(this.base),
      basePostings: this.base ? this.base.ids.length : 0,
      overlayTerms: this.overlay.size,
      removedIds: this.removed.count,
    };
  }

  /**
   * Every term with its postings, base terms first (sorted), then terms added
   * since. Postings are not purged here: they may still hold removed ids.
   */
  *entries(): IterableIterator<[string, FieldPostings]> {
    const base = this.base;
    if (base) {
      for (let k = 0; k + 1 < base.termStarts.length; k++) {
        const term = packedTermAt(base, k);
        const changed = this.overlay.get(term);
        if (changed === null) continue;
        yield [term, changed ?? packedPostings(base, k)];
      }
    }
    for (const [term, value] of this.overlay) {
      if (value && (!base || this.baseIndex(term) < 0)) yield [term, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, FieldPostings]> {
    return this.entries();
  }

  /** Prefix search is not used by dafu; MiniSearch calls this only for prefix queries. */
  atPrefix(): never {
    throw new Error("TermStore: prefix search is disabled");
  }

  /** Fuzzy search is not used by dafu (Han bigrams have no useful edit distance). */
  fuzzyGet(): never {
    throw new Error("TermStore: fuzzy search is disabled");
  }

  /** The term's postings as stored, removed ids included. */
  private lookup(term: string): FieldPostings | undefined {
    const changed = this.overlay.get(term);
    if (changed !== undefined) return changed ?? undefined;
    const k = this.baseIndex(term);
    return k < 0 ? undefined : packedPostings(this.base as TermStoreBase, k);
  }

  /** Drops removed[from…] from the term's postings; the term goes when nothing is left. */
  private purge(term: string, value: FieldPostings, from: number): FieldPostings | undefined {
    let changed = false;
    for (const [field, list] of value) {
      const dead = this.removed.presentIn(list, from);
      if (dead.length === 0) continue;
      changed = true;
      if (dead.length === list.size) value.delete(field);
      else for (const id of dead) list.delete(id);
    }
    if (value.size === 0) {
      this.termCount--;
      this.forget(term);
      return undefined;
    }
    if (changed && this.overlay.get(term) !== value) this.remember(term, value);
    this.purgedUpTo.set(term, this.removed.count);
    return value;
  }

  /** Removes a term from the overlay, or marks a base term deleted. */
  private forget(term: string): void {
    this.purgedUpTo.delete(term);
    this.added.delete(term);
    if (this.baseIndex(term) >= 0) this.remember(term, null);
    else this.overlay.delete(term);
  }

  /** Puts a term in the overlay, flagging it in the base if it is a base term. */
  private remember(term: string, value: FieldPostings | null): void {
    if (!this.overlay.has(term)) {
      const k = this.baseIndex(term);
      if (k >= 0) this.baseChanged[k] = 1;
    }
    this.overlay.set(term, value);
  }

  private baseIndex(term: string): number {
    return findPackedTerm(this.base, term);
  }
}
