import {
  type FieldPostings,
  forEachPosting,
  type TermStore,
  type TermStoreBase,
} from "./term-store.ts";

/**
 * Packs a live {@link TermStore} (base plus overlay) into a fresh base in one
 * merge pass: base terms are already sorted and are copied slice by slice,
 * dropping removed documents; only the terms changed or added since go
 * through their Maps. Optionally renumbers document ids (compaction gives the
 * live documents short ids 0, 1, 2 … in their old order).
 */

/** Documents to keep, and their new ids. */
export interface CompactionMap {
  /** 1 at each short id to keep. */
  readonly keep: Uint8Array;
  /** New id of each kept short id; must keep ids in order. Null keeps ids as they are. */
  readonly renumber: Uint32Array | null;
}

/** Appends packed terms and postings, growing nothing: sized up front. */
class PackedWriter {
  readonly terms: string[] = [];
  readonly termStarts: number[] = [0];
  readonly postingStarts: Uint32Array;
  readonly ids: Uint32Array;
  readonly freqs: Uint16Array;
  count = 0;
  private textLength = 0;

  constructor(
    readonly fields: number,
    maxTerms: number,
    maxPostings: number,
    private readonly map: CompactionMap,
  ) {
    this.postingStarts = new Uint32Array(maxTerms * fields + 1);
    this.ids = new Uint32Array(maxPostings);
    this.freqs = new Uint16Array(maxPostings);
  }

  /** Kept postings of one field from the base arrays. */
  copySlice(base: TermStoreBase, start: number, end: number): void {
    const { keep, renumber } = this.map;
    for (let j = start; j < end; j++) {
      const id = base.ids[j] as number;
      if (keep[id] !== 1) continue;
      this.ids[this.count] = renumber ? (renumber[id] as number) : id;
      this.freqs[this.count++] = base.freqs[j] as number;
    }
  }

  /** Kept postings of one field from a list changed since the base, sorted by id. */
  copyList(postings: FieldPostings, field: number): void {
    const list = postings.get(field);
    if (!list) return;
    const { keep, renumber } = this.map;
    const first = this.count;
    let sorted = true;
    let last = -1;
    forEachPosting(list, (id, freq) => {
      if (keep[id] !== 1) return;
      if (id < last) sorted = false;
      last = id;
      this.ids[this.count] = id;
      this.freqs[this.count++] = freq;
    });
    // Short ids only grow, so lists come in order; sort if one ever does not.
    if (!sorted) sortRange(this.ids, this.freqs, first, this.count);
    if (renumber)
      for (let i = first; i < this.count; i++)
        this.ids[i] = renumber[this.ids[i] as number] as number;
  }

  /** Ends field `field` of the current term. */
  endField(field: number): void {
    this.postingStarts[this.terms.length * this.fields + field + 1] = this.count;
  }

  /** Keeps the current term if it has postings left, else rolls it back. */
  endTerm(term: string, firstPosting: number): void {
    if (this.count === firstPosting) return;
    this.terms.push(term);
    this.textLength += term.length;
    this.termStarts.push(this.textLength);
  }

  finish(): TermStoreBase {
    const terms = this.terms.length;
    return {
      fields: this.fields,
      terms: this.terms.join(""),
      termStarts: Uint32Array.from(this.termStarts),
      postingStarts: this.postingStarts.slice(0, terms * this.fields + 1),
      ids: this.ids.slice(0, this.count),
      freqs: this.freqs.slice(0, this.count),
    };
  }
}

/** Rebuilds a store's content as a fresh packed base with only the kept documents. */
export function compactTermStore(
  store: TermStore,
  fields: number,
  map: CompactionMap,
): TermStoreBase {
  const { base, overlay, added } = store.changes();
  let overlayPostings = 0;
  for (const value of overlay.values())
    for (const list of value?.values() ?? []) overlayPostings += list.size;
  const baseTerms = base ? base.termStarts.length - 1 : 0;
  const out = new PackedWriter(
    fields,
    baseTerms + added.length,
    (base?.ids.length ?? 0) + overlayPostings,
    map,
  );
  const write = (term: string, from: (field: number) => void) => {
    const first = out.count;
    for (let f = 0; f < fields; f++) {
      from(f);
      out.endField(f);
    }
    out.endTerm(term, first);
  };
  let next = 0;
  for (let k = 0; k < baseTerms; k++) {
    const b = base as TermStoreBase;
    const term = b.terms.slice(b.termStarts[k], b.termStarts[k + 1]);
    for (; next < added.length && (added[next] as string) < term; next++) {
      const value = overlay.get(added[next] as string) as FieldPostings;
      write(added[next] as string, (f) => out.copyList(value, f));
    }
    const changed = overlay.get(term);
    if (changed === null) continue;
    if (changed) write(term, (f) => out.copyList(changed, f));
    else
      write(term, (f) =>
        out.copySlice(
          b,
          b.postingStarts[k * fields + f] as number,
          b.postingStarts[k * fields + f + 1] as number,
        ),
      );
  }
  for (; next < added.length; next++) {
    const value = overlay.get(added[next] as string) as FieldPostings;
    write(added[next] as string, (f) => out.copyList(value, f));
  }
  return out.finish();
}

/** Sorts ids[from, to) ascending, moving the frequencies with them. */
function sortRange(ids: Uint32Array, freqs: Uint16Array, from: number, to: number): void {
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort(
    (a, b) => (ids[a] as number) - (ids[b] as number),
  );
  const sortedIds = order.map((i) => ids[i] as number);
  const sortedFreqs = order.map((i) => freqs[i] as number);
  ids.set(sortedIds, from);
  freqs.set(sortedFreqs, from);
}
