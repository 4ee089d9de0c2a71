import { TermIds } from "./term-ids.ts";
import type { TermStoreBase } from "./term-store.ts";

/**
 * Builds the packed bulk of a {@link TermStore} in one pass: postings are
 * appended to flat arrays as documents arrive (in ascending id order), then
 * counting-sorted by (term, field), which keeps ids ascending within a list.
 * Far cheaper than inserting millions of postings into Maps one by one.
 */
export class TermStoreBuilder {
  private readonly termIds = new TermIds();
  private termOf = new Uint32Array(1 << 16);
  private docOf = new Uint32Array(1 << 16);
  private fieldOf = new Uint8Array(1 << 16);
  private freqOf = new Uint16Array(1 << 16);
  private count = 0;
  /** Occurrences of each term id in the field being added; all 0 between fields. */
  private freqOfTerm = new Uint32Array(1 << 12);

  constructor(readonly fields: number) {}

  /**
   * Adds one document's tokens per field; ids must ascend from call to call.
   * Returns each field's number of distinct terms (MiniSearch's field length).
   */
  add(id: number, fieldTokens: readonly (readonly string[])[]): number[] {
    return fieldTokens.map((tokens, field) => {
      // Counted by term id in a reused array: one dictionary lookup per token, no Map per field.
      const distinct: number[] = [];
      for (const token of tokens) {
        const term = this.termId(token);
        const seen = this.freqOfTerm[term] as number;
        if (seen === 0) distinct.push(term);
        this.freqOfTerm[term] = seen + 1;
      }
      for (const term of distinct) {
        this.push(term, id, field, this.freqOfTerm[term] as number);
        this.freqOfTerm[term] = 0;
      }
      return distinct.length;
    });
  }

  /** The packed, sorted base. */
  build(): TermStoreBase {
    const fields = this.fields;
    const order = this.termIds.sortedIds();
    const rank = new Uint32Array(order.length);
    for (let k = 0; k < order.length; k++) rank[order[k] as number] = k;
    const sortedTerms = Array.from(order, (id) => this.termIds.terms[id] as string);
    const postingStarts = new Uint32Array(sortedTerms.length * fields + 1);
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
    const termStarts = new Uint32Array(sortedTerms.length + 1);
    sortedTerms.forEach((term, k) => {
      termStarts[k + 1] = (termStarts[k] as number) + term.length;
    });
    return { fields, terms: sortedTerms.join(""), termStarts, postingStarts, ids, freqs };
  }

  private termId(term: string): number {
    const id = this.termIds.id(term);
    if (id === this.freqOfTerm.length) {
      const grown = new Uint32Array(this.freqOfTerm.length * 2);
      grown.set(this.freqOfTerm);
      this.freqOfTerm = grown;
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
