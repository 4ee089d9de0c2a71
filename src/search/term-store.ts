import { PostingList } from "./posting-list.ts";

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

/** One field's postings: a compact list from the base, or a plain Map MiniSearch created for new postings. */
export type Postings = PostingList | Map<number, number>;

/** Postings of one term per field id, as MiniSearch expects. */
export type FieldPostings = Map<number, Postings>;

/** Calls `visit` for every posting of a list, whichever kind it is. */
export function forEachPosting(
  postings: Postings,
  visit: (id: number, freq: number) => void,
): void {
  if (postings instanceof PostingList) postings.forEachPosting(visit);
  else for (const [id, freq] of postings) visit(id, freq);
}

/** The packed, sorted bulk of a term store. */
export interface TermStoreBase {
  /** Number of fields (postings are stored per term and field). */
  readonly fields: number;
  /** All terms, sorted by UTF-16 code units, concatenated. */
  readonly terms: string;
  /** Term k spans terms[termStarts[k], termStarts[k + 1]). */
  readonly termStarts: Uint32Array;
  /** Postings of term k in field f span ids[postingStarts[k * fields + f], … + 1]. */
  readonly postingStarts: Uint32Array;
  readonly ids: Uint32Array;
  readonly freqs: Uint16Array;
}

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
  /** Short ids discarded since the base, in order of removal. */
  private readonly removed: number[] = [];
  /** 1 at each removed short id. */
  private removedFlags = new Uint8Array(0);
  /** Per term: how many of `removed` have been purged from its postings. */
  private readonly purgedUpTo = new Map<string, number>();
  /** Overlay terms the base does not have. */
  private readonly added = new Set<string>();

  /** 1 at each base term that has an overlay entry (changed or deleted). */
  private readonly baseChanged: Uint8Array;

  constructor(private readonly base: TermStoreBase | null = null) {
    this.termCount = base ? base.termStarts.length - 1 : 0;
    this.baseChanged = new Uint8Array(this.termCount);
  }

  /** Number of terms (a term whose postings are all discarded counts until it is next read). */
  get size(): number {
    return this.termCount;
  }

  get(term: string): FieldPostings | undefined {
    const value = this.lookup(term);
    if (value === undefined || this.removed.length === 0) return value;
    const from = this.purgedUpTo.get(term) ?? 0;
    return from === this.removed.length ? value : this.purge(term, value, from);
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
    this.purgedUpTo.set(term, this.removed.length);
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
    if (shortId >= this.removedFlags.length) {
      const grown = new Uint8Array(Math.max(shortId + 1, this.removedFlags.length * 2, 64));
      grown.set(this.removedFlags);
      this.removedFlags = grown;
    }
    if (this.removedFlags[shortId] === 1) return;
    this.removedFlags[shortId] = 1;
    this.removed.push(shortId);
  }

  /** The packed base when nothing has changed since it was built or loaded, else null. */
  pristineBase(): TermStoreBase | null {
    return this.overlay.size === 0 && this.removed.length === 0 ? this.base : null;
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
      baseTerms: this.base ? this.base.termStarts.length - 1 : 0,
      basePostings: this.base ? this.base.ids.length : 0,
      overlayTerms: this.overlay.size,
      removedIds: this.removed.length,
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
        const term = base.terms.slice(base.termStarts[k], base.termStarts[k + 1]);
        const changed = this.overlay.get(term);
        if (changed === null) continue;
        yield [term, changed ?? this.postingsAt(k)];
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
    return k < 0 ? undefined : this.postingsAt(k);
  }

  /** Drops removed[from…] from the term's postings; the term goes when nothing is left. */
  private purge(term: string, value: FieldPostings, from: number): FieldPostings | undefined {
    let changed = false;
    for (const [field, list] of value) {
      const dead = this.removedIn(list, from);
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
    this.purgedUpTo.set(term, this.removed.length);
    return value;
  }

  /** Ids of removed[from…] present in a list: probes the list, or scans it when that is cheaper. */
  private removedIn(list: Postings, from: number): number[] {
    const dead: number[] = [];
    if (this.removed.length - from <= list.size) {
      for (let i = from; i < this.removed.length; i++) {
        const id = this.removed[i] as number;
        if (list.has(id)) dead.push(id);
      }
    } else {
      forEachPosting(list, (id) => {
        if (this.removedFlags[id] === 1) dead.push(id);
      });
    }
    return dead;
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

  private postingsAt(k: number): FieldPostings {
    const base = this.base as TermStoreBase;
    const postings: FieldPostings = new Map();
    for (let f = 0; f < base.fields; f++) {
      const start = base.postingStarts[k * base.fields + f] as number;
      const end = base.postingStarts[k * base.fields + f + 1] as number;
      if (end > start)
        postings.set(
          f,
          new PostingList(base.ids.subarray(start, end), base.freqs.subarray(start, end)),
        );
    }
    return postings;
  }

  /** Binary search over the packed terms, comparing code units in place. */
  private baseIndex(term: string): number {
    const base = this.base;
    if (!base) return -1;
    let lo = 0;
    let hi = base.termStarts.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = compareAt(
        base.terms,
        base.termStarts[mid] as number,
        base.termStarts[mid + 1] as number,
        term,
      );
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Compares blob[start, end) with `term` by UTF-16 code units, like `<` on strings. */
export function compareAt(blob: string, start: number, end: number, term: string): number {
  const length = end - start;
  const n = Math.min(length, term.length);
  for (let i = 0; i < n; i++) {
    const d = blob.charCodeAt(start + i) - term.charCodeAt(i);
    if (d !== 0) return d;
  }
  return length - term.length;
}
