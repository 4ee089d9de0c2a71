import type { TermStoreBase } from "./term-store.ts";

/**
 * Builds the packed bulk of a {@link TermStore} in one pass: postings are
 * appended to flat arrays as documents arrive (in ascending id order), then
 * counting-sorted by (term, field), which keeps ids ascending within a list.
 * Far cheaper than inserting millions of postings into Maps one by one.
 */
export class TermStoreBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly termList: string[] = [];
  private termOf = new Uint32Array(1 << 16);
  private docOf = new Uint32Array(1 << 16);
  private fieldOf = new Uint8Array(1 << 16);
  private freqOf = new Uint16Array(1 << 16);
  private count = 0;

  constructor(readonly fields: number) {}

  /**
   * Adds one document's tokens per field; ids must ascend from call to call.
   * Returns each field's number of distinct terms (MiniSearch's field length).
   */
  add(id: number, fieldTokens: readonly (readonly string[])[]): number[] {
    return fieldTokens.map((tokens, field) => {
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, freq] of counts) this.push(this.termId(term), id, field, freq);
      return counts.size;
    });
  }

  /** The packed, sorted base. */
  build(): TermStoreBase {
    const fields = this.fields;
    const order = this.termList
      .map((_, i) => i)
      .sort((a, b) => compareCodeUnits(this.termList[a] ?? "", this.termList[b] ?? ""));
    const rank = new Uint32Array(order.length);
    order.forEach((termId, position) => {
      rank[termId] = position;
    });
    const postingStarts = new Uint32Array(order.length * fields + 1);
    for (let i = 0; i < this.count; i++) {
      const slot =
        (rank[this.termOf[i] as number] as number) * fields + (this.fieldOf[i] as number) + 1;
      postingStarts[slot] = (postingStarts[slot] as number) + 1;
    }
    for (let k = 1; k < postingStarts.length; k++)
      postingStarts[k] = (postingStarts[k] as number) + (postingStarts[k - 1] as number);
    const next = postingStarts.slice();
    const ids = new Uint32Array(this.count);
    const freqs = new Uint16Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const slot =
        (rank[this.termOf[i] as number] as number) * fields + (this.fieldOf[i] as number);
      const at = next[slot] as number;
      next[slot] = at + 1;
      ids[at] = this.docOf[i] as number;
      freqs[at] = this.freqOf[i] as number;
    }
    const sortedTerms = order.map((i) => this.termList[i] ?? "");
    const termStarts = new Uint32Array(sortedTerms.length + 1);
    sortedTerms.forEach((term, k) => {
      termStarts[k + 1] = (termStarts[k] as number) + term.length;
    });
    return { fields, terms: sortedTerms.join(""), termStarts, postingStarts, ids, freqs };
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termList.length;
      this.termIds.set(term, id);
      this.termList.push(term);
    }
    return id;
  }

  private push(term: number, doc: number, field: number, freq: number): void {
    if (this.count === this.termOf.length) this.grow();
    this.termOf[this.count] = term;
    this.docOf[this.count] = doc;
    this.fieldOf[this.count] = field;
    this.freqOf[this.count] = Math.min(freq, 0xffff);
    this.count++;
  }

  private grow(): void {
    const size = this.termOf.length * 2;
    const grow = <T extends Uint32Array | Uint16Array | Uint8Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.termOf = grow(this.termOf, (n) => new Uint32Array(n));
    this.docOf = grow(this.docOf, (n) => new Uint32Array(n));
    this.fieldOf = grow(this.fieldOf, (n) => new Uint8Array(n));
    this.freqOf = grow(this.freqOf, (n) => new Uint16Array(n));
  }
}

/** Orders strings by UTF-16 code units (the order TermStore's binary search relies on). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
