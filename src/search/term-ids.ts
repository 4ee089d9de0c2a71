/**
 * Dense ids for the terms of an index being built: the first term seen is
 * 0, the next new one 1, and so on.
 *
 * Most terms are Han bigrams, and a build looks one up for every token of
 * every section (15 million lookups at 10,000 replies, over a million
 * distinct terms). A Map keyed by strings hashes each freshly cut token and
 * chases pointers through a large table; here every two-code-unit term is
 * instead keyed by its two code units in an open-addressing table of typed
 * arrays. Longer and shorter terms go through a Map.
 */
export class TermIds {
  /** Each id's term. */
  readonly terms: string[] = [];
  private readonly others = new Map<string, number>();
  /** Two-code-unit terms: key (first << 16 | second), and id + 1 (0 marks an empty slot). */
  private keys = new Uint32Array(1 << 16);
  private values = new Uint32Array(1 << 16);
  private pairs = 0;
  /** 32 − log2 of the table's size: a key's slot is the top bits of its hash. */
  private shift = 16;

  /** Number of distinct terms. */
  get size(): number {
    return this.terms.length;
  }

  /** The term's id, given a new one when the term is new. */
  id(term: string): number {
    if (term.length !== 2) return this.otherId(term);
    const key = pairKey(term);
    const slot = this.slotOf(key);
    const value = this.values[slot] as number;
    return value === 0 ? this.addPair(term, key, slot) : value - 1;
  }

  /** The term's id, or -1 when it has none. */
  find(term: string): number {
    if (term.length !== 2) return this.others.get(term) ?? -1;
    return (this.values[this.slotOf(pairKey(term))] as number) - 1;
  }

  /**
   * Every id, ordered by its term's UTF-16 code units (the order of `<` on
   * strings). Pairs are sorted as numbers, which is the same order among
   * them and far cheaper than comparing strings; the few other terms are
   * sorted as strings and merged in.
   */
  sortedIds(): Uint32Array {
    const pairKeys = new Uint32Array(this.pairs);
    let n = 0;
    for (let slot = 0; slot < this.values.length; slot++)
      if (this.values[slot] !== 0) pairKeys[n++] = this.keys[slot] as number;
    pairKeys.sort();
    const others = [...this.others.keys()].sort();
    const order = new Uint32Array(this.terms.length);
    let p = 0;
    let o = 0;
    for (let k = 0; k < order.length; k++) {
      const other = others[o];
      const pairFirst =
        p < pairKeys.length &&
        (other === undefined || comparePair(pairKeys[p] as number, other) < 0);
      if (pairFirst) order[k] = this.pairId(pairKeys[p++] as number);
      else order[k] = this.others.get(others[o++] as string) as number;
    }
    return order;
  }

  private pairId(key: number): number {
    return (this.values[this.slotOf(key)] as number) - 1;
  }

  /** The slot holding `key`, or the empty slot where it goes (the table is never full). */
  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    let slot = hash(key) >>> this.shift;
    while (this.values[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private otherId(term: string): number {
    let id = this.others.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.others.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  private addPair(term: string, key: number, slot: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    this.keys[slot] = key;
    this.values[slot] = id + 1;
    // Kept at most half full, so probes stay short.
    if (++this.pairs * 2 > this.keys.length) this.grow();
    return id;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Uint32Array(keys.length * 2);
    this.shift--;
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const value = values[i] as number;
      if (value === 0) continue;
      const key = keys[i] as number;
      let slot = hash(key) >>> this.shift;
      while (this.values[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = value;
    }
  }
}

/** A two-code-unit term's key: its first code unit above its second. */
function pairKey(term: string): number {
  return ((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0;
}

/** Fibonacci hashing: the top bits of the product depend on every bit of the key. */
function hash(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 0;
}

/** Compares the two-code-unit term with this key to `term`, by code units. */
function comparePair(key: number, term: string): number {
  const first = key >>> 16;
  if (term.length === 0) return 1;
  if (first !== term.charCodeAt(0)) return first - term.charCodeAt(0);
  if (term.length === 1) return 1;
  const second = key & 0xffff;
  if (second !== term.charCodeAt(1)) return second - term.charCodeAt(1);
  return 2 - term.length;
}
