import { forEachPosting, type Postings } from "./packed-terms.ts";

/**
 * The short ids of documents discarded since a term store's base was built,
 * in order of removal, with a flag per id: what {@link TermStore} purges
 * from a term's postings the first time the term is read after a removal.
 */
export class RemovedIds {
  /** Short ids in order of removal. */
  private readonly order: number[] = [];
  /** 1 at each removed short id. */
  private flags = new Uint8Array(0);

  /** Number of ids removed so far (a term purged up to this count holds none of them). */
  get count(): number {
    return this.order.length;
  }

  /** Records a removal; a second removal of the same id is ignored. */
  add(shortId: number): void {
    if (shortId >= this.flags.length) {
      const grown = new Uint8Array(Math.max(shortId + 1, this.flags.length * 2, 64));
      grown.set(this.flags);
      this.flags = grown;
    }
    if (this.flags[shortId] === 1) return;
    this.flags[shortId] = 1;
    this.order.push(shortId);
  }

  /**
   * Ids removed after the first `from` removals that a list holds: probes
   * the list for each, or scans the list when that is cheaper.
   */
  presentIn(list: Postings, from: number): number[] {
    const dead: number[] = [];
    if (this.order.length - from <= list.size) {
      for (let i = from; i < this.order.length; i++) {
        const id = this.order[i] as number;
        if (list.has(id)) dead.push(id);
      }
    } else {
      forEachPosting(list, (id) => {
        if (this.flags[id] === 1) dead.push(id);
      });
    }
    return dead;
  }
}
