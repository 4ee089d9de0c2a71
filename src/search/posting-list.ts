/**
 * One term's postings in one field: section (short) id → term frequency.
 *
 * MiniSearch keeps these as a `Map<number, number>`, about 30 bytes a
 * posting. Here the bulk lives in two sorted typed arrays (6 bytes a
 * posting, loadable straight from a snapshot) and changes made since (new
 * sections, removed ones) in a small overlay. It offers the Map methods
 * MiniSearch calls: get, set, delete, has, keys, entries, size.
 */

const NO_IDS = new Uint32Array(0);
const NO_FREQS = new Uint16Array(0);
/** Marks a base posting removed in the overlay. */
const REMOVED = 0;

export class PostingList {
  private changes: Map<number, number> | null = null;
  private count: number;
  /** Position of the last base lookup: MiniSearch reads postings in id order. */
  private cursor = 0;

  /**
   * @param ids section short ids, ascending
   * @param freqs term frequency of each id
   */
  constructor(
    private readonly ids: Uint32Array = NO_IDS,
    private readonly freqs: Uint16Array = NO_FREQS,
  ) {
    this.count = ids.length;
  }

  get size(): number {
    return this.count;
  }

  get(id: number): number | undefined {
    const changed = this.changes?.get(id);
    if (changed !== undefined) return changed === REMOVED ? undefined : changed;
    const at = this.find(id);
    return at < 0 ? undefined : this.freqs[at];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, freq: number): this {
    if (this.get(id) === undefined) this.count++;
    this.changes ??= new Map();
    this.changes.set(id, freq);
    return this;
  }

  delete(id: number): boolean {
    if (this.get(id) === undefined) return false;
    this.count--;
    if (this.find(id) >= 0) {
      this.changes ??= new Map();
      this.changes.set(id, REMOVED);
    } else {
      this.changes?.delete(id);
    }
    return true;
  }

  /** Calls `visit` for every posting; a plain loop over the arrays when nothing has changed. */
  forEachPosting(visit: (id: number, freq: number) => void): void {
    const { ids, freqs, changes } = this;
    if (!changes) {
      for (let i = 0; i < ids.length; i++) visit(ids[i] as number, freqs[i] as number);
      return;
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const changed = changes.get(id);
      if (changed === undefined) visit(id, freqs[i] as number);
      else if (changed !== REMOVED) visit(id, changed);
    }
    for (const [id, freq] of changes) if (freq !== REMOVED && this.find(id) < 0) visit(id, freq);
  }

  /**
   * Writes the postings whose id is kept (keep[id] === 1) to `ids` and
   * `freqs` from position `at`, in id order; returns the position after. For
   * compaction: when the changes are only removals of dropped ids and
   * appended new ids (all MiniSearch makes: a new document gets a larger
   * short id), it walks the arrays without a Map lookup per posting.
   */
  copyKept(keep: Uint8Array, ids: Uint32Array, freqs: Uint16Array, at: number): number {
    let n = at;
    const changes = this.changes;
    if (changes && !this.onlyDropsAndAppends(keep)) {
      this.forEachPosting((id, freq) => {
        if (keep[id] !== 1) return;
        ids[n] = id;
        freqs[n++] = freq;
      });
      return n;
    }
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i] as number;
      if (keep[id] !== 1) continue;
      ids[n] = id;
      freqs[n++] = this.freqs[i] as number;
    }
    for (const [id, freq] of changes ?? []) {
      if (freq === REMOVED || keep[id] !== 1) continue;
      ids[n] = id;
      freqs[n++] = freq;
    }
    return n;
  }

  *keys(): IterableIterator<number> {
    const changes = this.changes;
    for (const id of this.ids) if (changes?.get(id) !== REMOVED) yield id;
    if (!changes) return;
    for (const [id, freq] of changes) if (freq !== REMOVED && this.find(id) < 0) yield id;
  }

  *entries(): IterableIterator<[number, number]> {
    for (const id of this.keys()) yield [id, this.get(id) ?? 0];
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  /** True when every change removes an id that is not kept, or adds an id larger than the base's. */
  private onlyDropsAndAppends(keep: Uint8Array): boolean {
    const last = this.ids.length > 0 ? (this.ids[this.ids.length - 1] as number) : -1;
    for (const [id, freq] of this.changes ?? []) {
      if (freq === REMOVED ? keep[id] === 1 : id <= last) return false;
    }
    return true;
  }

  /** Index of `id` in the base arrays, or -1. */
  private find(id: number): number {
    const ids = this.ids;
    const c = this.cursor;
    if (ids[c] === id) return c;
    if (ids[c + 1] === id) {
      this.cursor = c + 1;
      return c + 1;
    }
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = ids[mid] as number;
      if (value === id) {
        this.cursor = mid;
        return mid;
      }
      if (value < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
