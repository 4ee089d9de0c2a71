import { PostingList } from "./posting-list.ts";
import { compareAt, type FieldPostings, type TermStore, type TermStoreBase } from "./term-store.ts";

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

/** Appends packed terms and postings; sized up front. */
class PackedWriter {
  /** Output term text: strings, with runs of base terms kept as one slice. */
  private readonly text: string[] = [];
  private runStart = -1;
  private runEnd = -1;
  private readonly termStarts: number[] = [0];
  private readonly postingStarts: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly freqs: Uint16Array;
  private count = 0;
  private terms = 0;
  private textLength = 0;
  private termFirst = 0;

  constructor(
    private readonly fields: number,
    maxTerms: number,
    maxPostings: number,
    private readonly map: CompactionMap,
    private readonly base: TermStoreBase | null,
  ) {
    this.postingStarts = new Uint32Array(maxTerms * fields + 1);
    this.ids = new Uint32Array(maxPostings);
    this.freqs = new Uint16Array(maxPostings);
  }

  /** Kept postings of one field from the base arrays. */
  copySlice(start: number, end: number): void {
    const { keep, renumber } = this.map;
    const base = this.base as TermStoreBase;
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
    const { ids, freqs } = this;
    const first = this.count;
    let n = first;
    if (list instanceof PostingList) n = list.copyKept(keep, ids, freqs, n);
    else
      for (const [id, freq] of list) {
        if (keep[id] !== 1) continue;
        ids[n] = id;
        freqs[n++] = freq;
      }
    this.count = n;
    // Short ids only grow, so lists come in order; sort if one ever does not.
    for (let i = first + 1; i < n; i++)
      if ((ids[i] as number) < (ids[i - 1] as number)) {
        sortRange(ids, freqs, first, n);
        break;
      }
    if (renumber) for (let i = first; i < n; i++) ids[i] = renumber[ids[i] as number] as number;
  }

  /** Every field of a base term, unchanged but for removed documents. */
  copyBaseTerm(k: number): void {
    const starts = (this.base as TermStoreBase).postingStarts;
    for (let f = 0; f < this.fields; f++) {
      this.copySlice(
        starts[k * this.fields + f] as number,
        starts[k * this.fields + f + 1] as number,
      );
      this.endField(f);
    }
  }

  /** Every field of a term changed or added since the base. */
  copyTerm(postings: FieldPostings): void {
    for (let f = 0; f < this.fields; f++) {
      this.copyList(postings, f);
      this.endField(f);
    }
  }

  /** Keeps the term just copied if it has postings left (text: a string, or a base range). */
  endTerm(term: string | readonly [number, number]): void {
    if (this.count === this.termFirst) return;
    if (typeof term === "string") {
      this.flushRun();
      this.text.push(term);
      this.textLength += term.length;
    } else {
      if (term[0] !== this.runEnd) {
        this.flushRun();
        this.runStart = term[0];
      }
      this.runEnd = term[1];
      this.textLength += term[1] - term[0];
    }
    this.termStarts.push(this.textLength);
    this.terms++;
    this.termFirst = this.count;
  }

  finish(): TermStoreBase {
    this.flushRun();
    return {
      fields: this.fields,
      terms: this.text.join(""),
      termStarts: Uint32Array.from(this.termStarts),
      postingStarts: this.postingStarts.slice(0, this.terms * this.fields + 1),
      ids: this.ids.slice(0, this.count),
      freqs: this.freqs.slice(0, this.count),
    };
  }

  private endField(field: number): void {
    this.postingStarts[this.terms * this.fields + field + 1] = this.count;
  }

  private flushRun(): void {
    if (this.runStart >= 0)
      this.text.push((this.base as TermStoreBase).terms.slice(this.runStart, this.runEnd));
    this.runStart = -1;
    this.runEnd = -1;
  }
}

/** Rebuilds a store's content as a fresh packed base with only the kept documents. */
export function compactTermStore(
  store: TermStore,
  fields: number,
  map: CompactionMap,
): TermStoreBase {
  const { base, overlay, added, baseChanged } = store.changes();
  let overlayPostings = 0;
  for (const value of overlay.values())
    for (const list of value?.values() ?? []) overlayPostings += list.size;
  const baseTerms = base ? base.termStarts.length - 1 : 0;
  const out = new PackedWriter(
    fields,
    baseTerms + added.length,
    (base?.ids.length ?? 0) + overlayPostings,
    map,
    base,
  );
  let next = 0;
  const addedTerm = (term: string) => {
    out.copyTerm(overlay.get(term) as FieldPostings);
    out.endTerm(term);
  };
  for (let k = 0; k < baseTerms; k++) {
    const b = base as TermStoreBase;
    const start = b.termStarts[k] as number;
    const end = b.termStarts[k + 1] as number;
    while (next < added.length && compareAt(b.terms, start, end, added[next] as string) > 0)
      addedTerm(added[next++] as string);
    if (baseChanged[k] !== 1) {
      out.copyBaseTerm(k);
      out.endTerm([start, end]);
      continue;
    }
    const term = b.terms.slice(start, end);
    const changed = overlay.get(term);
    if (!changed) continue; // deleted
    out.copyTerm(changed);
    out.endTerm(term);
  }
  while (next < added.length) addedTerm(added[next++] as string);
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
