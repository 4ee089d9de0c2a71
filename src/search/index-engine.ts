import type MiniSearch from "minisearch";
import type { Options } from "minisearch";
import type { RankerDocuments } from "./bm25-ranker.ts";
import {
  averageFieldLengths,
  createEngine,
  type EngineDocuments,
  engineDocuments,
  fieldCount,
  fieldLengthsOf,
  fieldTotals,
  nextShortId,
  rankerDocuments,
  setAverageFieldLengths,
  shortIdOf,
  termStoreOf,
} from "./minisearch-internals.ts";
import type { TermStore, TermStoreBase, TermStoreFootprint } from "./term-store.ts";
import { compactTermStore } from "./term-store-compactor.ts";

/**
 * A MiniSearch engine over a {@link TermStore} whose statistics stay exactly
 * those of a fresh build under any sequence of adds and removals:
 *
 * - a discarded document's postings are purged from a term before the term
 *   is read again (document frequency, hence IDF, counts live documents only);
 * - field lengths are integers, and the average per field is kept as
 *   integer total ÷ document count, not MiniSearch's running average;
 * - short ids and the overlay do not grow without bound: when churn (ids
 *   given out or discarded since the base was packed) passes a share of the
 *   index, everything is packed again and the live documents renumbered
 *   0, 1, 2 … ({@link IndexEngine.compact}).
 */

/** When compacting is worthwhile: either bound reached. */
export interface CompactionPolicy {
  /** Never compact for churn below this (short ids added plus removed since the base). */
  readonly minChurn: number;
  /** Compact once churn reaches this share of the live documents. */
  readonly churnShare: number;
  /** Never compact for the overlay below this many terms (about 1 KB each). */
  readonly minOverlayTerms?: number;
  /** Compact once the overlay holds this share of the base's terms. */
  readonly overlayShare?: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = {
  minChurn: 2_000,
  churnShare: 0.25,
  minOverlayTerms: 50_000,
  overlayShare: 0.1,
};

/** Sizes that churn could grow, to measure it. */
export interface EngineFootprint extends TermStoreFootprint {
  readonly documents: number;
  /** Short ids given out: the length of the per-document ranking arrays. */
  readonly nextId: number;
  /** Short ids added plus removed since the base was packed. */
  readonly churn: number;
  readonly compactions: number;
}

/** Exact index statistics, for comparing an index with a fresh build. */
export interface EngineStatistics {
  readonly documentCount: number;
  readonly averageFieldLength: readonly number[];
  /** Field lengths by document id. */
  readonly fieldLengths: ReadonlyMap<number, readonly number[]>;
}

export class IndexEngine<T extends { id: number }> {
  private engine: MiniSearch<T>;
  private totals: number[];
  /** Short ids given out when the base was packed. */
  private baseNextId: number;
  private ranking: RankerDocuments | null = null;
  private compactions = 0;

  constructor(
    private readonly options: Options<T>,
    base: TermStoreBase | null = null,
    documents?: EngineDocuments,
  ) {
    this.engine = createEngine(options, base, documents);
    this.totals = fieldTotals(this.engine);
    this.baseNextId = nextShortId(this.engine);
  }

  /** The term store (replaced by compaction: do not keep it). */
  get store(): TermStore {
    return termStoreOf(this.engine);
  }

  get size(): number {
    return this.engine.documentCount;
  }

  has(id: number): boolean {
    return this.engine.has(id);
  }

  /** Indexes a document, replacing any indexed under the same id. */
  add(document: T): void {
    this.discard(document.id);
    this.engine.add(document);
    const shortId = shortIdOf(this.engine, document.id) as number;
    this.count(fieldLengthsOf(this.engine, shortId), 1);
  }

  /** Removes a document; false when it was not indexed. */
  discard(id: number): boolean {
    const shortId = shortIdOf(this.engine, id);
    if (shortId === undefined) return false;
    const lengths = [...fieldLengthsOf(this.engine, shortId)];
    this.engine.discard(id);
    this.store.markRemoved(shortId);
    this.count(lengths, -1);
    return true;
  }

  /** Per-document ranking arrays (rebuilt after a change). */
  rankingDocuments(b: number): RankerDocuments {
    this.ranking ??= rankerDocuments(this.engine, b);
    return this.ranking;
  }

  /** The live documents and their field lengths, by short id. */
  documents(): EngineDocuments {
    return engineDocuments(this.engine);
  }

  statistics(): EngineStatistics {
    const documents = this.documents();
    const fields = fieldCount(this.engine);
    const fieldLengths = new Map<number, number[]>();
    documents.ids.forEach((id, i) => {
      fieldLengths.set(
        id,
        Array.from(documents.fieldLengths.subarray(i * fields, (i + 1) * fields)),
      );
    });
    return {
      documentCount: this.size,
      // What ranking uses: the engine's own averages.
      averageFieldLength: documents.averageFieldLength,
      fieldLengths,
    };
  }

  /** Short ids added plus removed since the base was packed. */
  get churn(): number {
    return nextShortId(this.engine) - this.baseNextId + this.store.footprint().removedIds;
  }

  footprint(): EngineFootprint {
    return {
      ...this.store.footprint(),
      documents: this.size,
      nextId: nextShortId(this.engine),
      churn: this.churn,
      compactions: this.compactions,
    };
  }

  /** True when nothing changed since the base was packed and short ids are 0 … n − 1. */
  get packed(): boolean {
    return this.store.pristineBase() !== null && nextShortId(this.engine) === this.size;
  }

  /** True when the policy says churn has made compacting worthwhile (nothing is changed). */
  compactionDue(policy: CompactionPolicy = DEFAULT_COMPACTION): boolean {
    const churn = this.churn;
    const { overlayTerms, baseTerms } = this.store.footprint();
    const churned = churn >= policy.minChurn && churn >= policy.churnShare * this.size;
    const overlaid =
      policy.overlayShare !== undefined &&
      overlayTerms >= (policy.minOverlayTerms ?? 0) &&
      overlayTerms >= policy.overlayShare * baseTerms;
    return churned || overlaid;
  }

  /** Compacts when the policy says churn has made it worthwhile; true when it did. */
  maybeCompact(policy: CompactionPolicy = DEFAULT_COMPACTION): boolean {
    if (!this.compactionDue(policy)) return false;
    this.compact();
    return true;
  }

  /**
   * Packs base and overlay into a new base without removed documents and
   * renumbers the live documents 0 … n − 1 (their order kept). The result
   * is the index a fresh build of the same documents gives.
   */
  compact(): void {
    if (this.packed) return;
    const old = this.documents();
    const renumber = new Uint32Array(nextShortId(this.engine));
    const live = new Uint8Array(renumber.length);
    old.shortIds.forEach((shortId, i) => {
      renumber[shortId] = i;
      live[shortId] = 1;
    });
    const fields = fieldCount(this.engine);
    const base = compactTermStore(this.store, fields, { keep: live, renumber });
    const documents: EngineDocuments = {
      ...old,
      shortIds: Uint32Array.from(old.ids, (_, i) => i),
      nextId: old.ids.length,
    };
    this.engine = createEngine(this.options, base, documents);
    this.baseNextId = documents.nextId;
    this.ranking = null;
    this.compactions++;
  }

  /** Adds (sign 1) or removes (−1) a document's field lengths and sets exact averages. */
  private count(lengths: readonly number[], sign: 1 | -1): void {
    for (let f = 0; f < this.totals.length; f++)
      this.totals[f] = (this.totals[f] as number) + sign * (lengths[f] ?? 0);
    setAverageFieldLengths(this.engine, averageFieldLengths(this.totals, this.size));
    this.ranking = null;
  }
}
