import { PostingList } from "./posting-list.ts";

/**
 * The packed, sorted bulk of a term store (built in one pass, or read from a
 * snapshot without parsing) and the lookups on it: a binary search over the
 * concatenated terms, and a term's per-field postings as compact lists.
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

/** Number of terms in a base (0 for none). */
export function packedTermCount(base: TermStoreBase | null): number {
  return base ? base.termStarts.length - 1 : 0;
}

/** Term k of a base. */
export function packedTermAt(base: TermStoreBase, k: number): string {
  return base.terms.slice(base.termStarts[k], base.termStarts[k + 1]);
}

/** Index of `term` in the base (binary search, comparing code units in place); -1 when absent. */
export function findPackedTerm(base: TermStoreBase | null, term: string): number {
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

/** Term k's postings per field, as views of the base's arrays (fields without postings left out). */
export function packedPostings(base: TermStoreBase, k: number): FieldPostings {
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
