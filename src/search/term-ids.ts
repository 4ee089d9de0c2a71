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
    const key = ((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0;
    const mask = this.keys.length - 1;
    for (let slot = hash(key) >>> this.shift; ; slot = (slot + 1) & mask) {
      const value = this.values[slot] as number;
      if (value === 0) return this.addPair(term, key, slot);
      if (this.keys[slot] === key) return value - 1;
    }
  }

  /** The term's id, or -1 when it has none. */
  find(term: string): number {
    if (term.length !== 2) return this.others.get(term) ?? -1;
    const key = ((term.charCodeAt(0) << 16) | term.charCodeAt(1)) >>> 0;
    const mask = this.keys.length - 1;
    for (let slot = hash(key) >>> this.shift; ; slot = (slot + 1) & mask) {
      const value = this.values[slot] as number;
      if (value === 0) return -1;
      if (this.keys[slot] === key) return value - 1;
    }
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

/** Fibonacci hashing: the top bits of the product depend on every bit of the key. */
function hash(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 0;
}
