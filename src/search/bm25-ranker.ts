import { forEachPosting, type Postings, type TermStore } from "./term-store.ts";

/**
 * MiniSearch's BM25 ranking, computed over the compact term store in tight
 * loops: per-document scores in a reused Float64Array, length norms
 * precomputed, the best candidates kept in a bounded heap. It returns the
 * scores MiniSearch's own `search()` returns (same formula, field boosts,
 * document boost and the factor for the number of matched terms; pinned by
 * tests), without allocating a result object per matching document and
 * sorting them all, which is what makes MiniSearch slow on common terms.
 */

/** Per-document statistics, indexed by short id. */
export interface RankerDocuments {
  /** Section id of each short id. */
  readonly ids: Uint32Array;
  /** 1 where the short id is a live document. */
  readonly live: Uint8Array;
  /** BM25 length norm per short id and field: 1 − b + b·length/average. */
  readonly norm: Float64Array;
  readonly documentCount: number;
}

/** A term to score, with its document frequency. */
export interface RankTerm {
  readonly term: string;
  readonly df: number;
}

/** Options of one ranking. */
export interface RankRequest {
  /** Terms, rarest first. */
  readonly terms: readonly RankTerm[];
  /** Postings walked for every document; terms beyond it are scored on candidates only. */
  readonly postingBudget: number;
  /** Candidates kept after the walk. */
  readonly candidates: number;
  readonly filter?: ((id: number) => boolean) | undefined;
  readonly boost?: ((id: number) => number) | undefined;
}

/** A ranked document id and its MiniSearch score. */
export interface Ranked {
  readonly id: number;
  readonly score: number;
}

/** A term's posting list in one field, with its weight. */
interface WeightedList {
  readonly field: number;
  readonly postings: Postings;
  readonly weight: number;
}

/** MiniSearch's BM25 parameters (its defaults). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** BM25 inverse document frequency, as MiniSearch computes it. */
export function bm25Idf(matching: number, documentCount: number): number {
  return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
}

export class Bm25Ranker {
  private scores = new Float64Array(0);
  private matched = new Uint16Array(0);
  private lastTerm = new Uint16Array(0);
  private touched = new Uint32Array(0);

  /** @param boosts weight of each field, by field id */
  constructor(private readonly boosts: readonly number[]) {}

  rank(store: TermStore, docs: RankerDocuments, request: RankRequest): Ranked[] {
    this.ensureCapacity(docs.ids.length);
    let split = 0;
    for (let budget = request.postingBudget; split < request.terms.length; split++) {
      budget -= request.terms[split]?.df ?? 0;
      if (budget < 0 && split > 0) break;
    }
    let touchedCount = 0;
    request.terms.slice(0, split).forEach(({ term }, t) => {
      for (const [field, postings] of fieldsInOrder(store, term, this.boosts.length)) {
        const weight = (this.boosts[field] ?? 1) * bm25Idf(postings.size, docs.documentCount);
        const fields = this.boosts.length;
        forEachPosting(postings, (shortId, freq) => {
          if (docs.live[shortId] !== 1) return;
          const norm = docs.norm[shortId * fields + field] as number;
          if (this.lastTerm[shortId] === 0 && this.matched[shortId] === 0)
            this.touched[touchedCount++] = shortId;
          this.scores[shortId] =
            (this.scores[shortId] as number) +
            weight * (BM25.d + (freq * (BM25.k + 1)) / (freq + BM25.k * norm));
          if (this.lastTerm[shortId] !== t + 1) {
            this.lastTerm[shortId] = t + 1;
            this.matched[shortId] = (this.matched[shortId] as number) + 1;
          }
        });
      }
    });
    const best = this.select(docs, touchedCount, request);
    // The other terms' lists and weights, looked up once, not per candidate.
    const rest = request.terms
      .slice(split)
      .map(({ term }) => this.weighted(fieldsInOrder(store, term, this.boosts.length), docs));
    const ranked = best.map(({ shortId, raw, matched, boost }) => {
      let sum = raw;
      let count = matched;
      for (const lists of rest) {
        const add = this.termScore(lists, docs, shortId);
        if (add > 0) {
          sum += add * boost;
          count++;
        }
      }
      return { id: docs.ids[shortId] as number, score: sum * count };
    });
    for (let i = 0; i < touchedCount; i++) {
      const shortId = this.touched[i] as number;
      this.scores[shortId] = 0;
      this.matched[shortId] = 0;
      this.lastTerm[shortId] = 0;
    }
    return ranked.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** The best candidates by the walked terms' score (× document boost × matched terms), filtered. */
  private select(docs: RankerDocuments, touchedCount: number, request: RankRequest) {
    const heap = new CandidateHeap(Math.min(request.candidates, touchedCount));
    for (let i = 0; i < touchedCount; i++) {
      const shortId = this.touched[i] as number;
      const id = docs.ids[shortId] as number;
      if (request.filter && !request.filter(id)) continue;
      const boost = request.boost ? request.boost(id) : 1;
      if (!boost) continue;
      heap.offer(
        shortId,
        id,
        (this.scores[shortId] as number) * boost * (this.matched[shortId] as number),
      );
    }
    return heap.drain().map((shortId) => {
      const boost = request.boost ? request.boost(docs.ids[shortId] as number) : 1;
      return {
        shortId,
        raw: (this.scores[shortId] as number) * boost,
        matched: this.matched[shortId] as number,
        boost,
      };
    });
  }

  /** A term's posting lists with their BM25 weights (field boost × IDF). */
  private weighted(lists: [number, Postings][], docs: RankerDocuments): WeightedList[] {
    return lists.map(([field, postings]) => ({
      field,
      postings,
      weight: (this.boosts[field] ?? 1) * bm25Idf(postings.size, docs.documentCount),
    }));
  }

  /** One term's BM25 for one document, summed over fields in order (binary search in each list). */
  private termScore(
    lists: readonly WeightedList[],
    docs: RankerDocuments,
    shortId: number,
  ): number {
    let sum = 0;
    for (const { field, postings, weight } of lists) {
      const freq = postings.get(shortId);
      if (freq === undefined) continue;
      const norm = docs.norm[shortId * this.boosts.length + field] as number;
      sum += weight * (BM25.d + (freq * (BM25.k + 1)) / (freq + BM25.k * norm));
    }
    return sum;
  }

  private ensureCapacity(n: number): void {
    if (this.scores.length >= n) return;
    this.scores = new Float64Array(n);
    this.matched = new Uint16Array(n);
    this.lastTerm = new Uint16Array(n);
    this.touched = new Uint32Array(n);
  }
}

/**
 * A term's posting lists by field, in field order (not the order the
 * fields happen to sit in the term's map, which depends on the history of
 * adds and removals): a document's score is then summed in the same order,
 * to the same bits, in a live index and in a fresh build.
 */
function fieldsInOrder(store: TermStore, term: string, fields: number): [number, Postings][] {
  const byField = store.get(term);
  const out: [number, Postings][] = [];
  if (!byField) return out;
  for (let field = 0; field < fields; field++) {
    const postings = byField.get(field);
    if (postings) out.push([field, postings]);
  }
  return out;
}

/**
 * A bounded min-heap keeping the `capacity` best candidates. "Best" is a
 * total order: higher score, then the lower document id (as the final
 * ranking sorts), so which candidates are kept never depends on the order
 * they are offered in (short ids, which revisions reorder): a live index
 * keeps the same candidates as a fresh build of the same documents.
 */
class CandidateHeap {
  private readonly scores: Float64Array;
  private readonly ids: Uint32Array;
  /** Document id of each kept candidate: breaks ties of score. */
  private readonly keys: Uint32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity);
    this.keys = new Uint32Array(capacity);
  }

  /** Offers short id `id` of document `key` with `score`. */
  offer(id: number, key: number, score: number): void {
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!below(score, key, this.scores[parent] as number, this.keys[parent] as number)) break;
        this.move(parent, i);
        i = parent;
      }
      this.put(i, id, key, score);
    } else if (this.size > 0 && this.slotBelow(0, score, key)) {
      this.siftDown(id, key, score);
    }
  }

  /** The kept ids, in no particular order. */
  drain(): number[] {
    return Array.from(this.ids.subarray(0, this.size));
  }

  /** Puts (id, key, score) in place of the root, which it outranks. */
  private siftDown(id: number, key: number, score: number): void {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child =
        right < this.size &&
        this.slotBelow(right, this.scores[left] as number, this.keys[left] as number)
          ? right
          : left;
      if (!this.slotBelow(child, score, key)) break;
      this.move(child, i);
      i = child;
    }
    this.put(i, id, key, score);
  }

  /** True when the candidate in slot `i` ranks below (score, key). */
  private slotBelow(i: number, score: number, key: number): boolean {
    return below(this.scores[i] as number, this.keys[i] as number, score, key);
  }

  private move(from: number, to: number): void {
    this.scores[to] = this.scores[from] as number;
    this.ids[to] = this.ids[from] as number;
    this.keys[to] = this.keys[from] as number;
  }

  private put(i: number, id: number, key: number, score: number): void {
    this.scores[i] = score;
    this.ids[i] = id;
    this.keys[i] = key;
  }
}

/** True when (score a, key a) ranks below (score b, key b): a lower score, or the same and a higher key. */
function below(scoreA: number, keyA: number, scoreB: number, keyB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && keyA > keyB);
}
