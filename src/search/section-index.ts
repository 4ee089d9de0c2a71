import type { ReplySummary } from "../storage/reply.repository.ts";
import { BM25, Bm25Ranker } from "./bm25-ranker.ts";
import {
  type CompactionPolicy,
  DEFAULT_COMPACTION,
  type EngineFootprint,
  type EngineStatistics,
  IndexEngine,
} from "./index-engine.ts";
import type { EngineDocuments } from "./minisearch-internals.ts";
import type { TermStoreBase } from "./term-store.ts";
import { TermStoreBuilder } from "./term-store-builder.ts";
import { tokenize } from "./tokenizer.ts";

/**
 * The full-text index of reply sections: MiniSearch (BM25) over a compact
 * term store. Each section is indexed with its title, its text and its
 * reply's metadata (文号, proposal title, proposers, session, issuer).
 *
 * A question's common terms (科技, 企业 … in most sections) would make every
 * query walk long posting lists. Only the informative terms go through
 * MiniSearch; the common ones are then scored on the candidates alone, with
 * MiniSearch's own BM25, so candidates score as a full query would score them.
 */

/** What the index needs of a section. */
export interface IndexableSection {
  readonly id: number;
  readonly title: string;
  readonly text: string;
}

/** A ranked section. */
export interface SectionMatch {
  readonly id: number;
  readonly score: number;
}

/** Options for {@link SectionIndex.search}. */
export interface SectionSearchOptions {
  /** Keep only sections passing this test. */
  readonly filter?: (sectionId: number) => boolean;
  /** Multiply a section's score, e.g. to favour a year. Default 1. */
  readonly boost?: (sectionId: number) => number;
  /** Default 50. */
  readonly limit?: number;
}

/** Query planning; see {@link DEFAULT_PLAN}. */
export interface SearchPlan {
  /**
   * Postings MiniSearch may walk per query. Terms join retrieval from the
   * rarest up while their document frequencies fit; the rest (the common
   * terms) are scored on the candidates only. A small corpus fits whole.
   */
  readonly postingBudget: number;
  /** Candidates (best by the retrieved terms) that the other terms are scored on. */
  readonly candidates: number;
  /**
   * Repack the index inline, inside the add or removal that passes this
   * policy. Off by default: compacting takes seconds on a large index, so
   * the live index never does it inline; the index follower watches
   * {@link SectionIndex.compactionDue} and swaps in a packed rebuild made in
   * the background instead.
   */
  readonly compaction?: CompactionPolicy;
}

/** The live index's plan: no inline compaction (see {@link SearchPlan.compaction}). */
export const DEFAULT_PLAN: SearchPlan = {
  postingBudget: 20_000,
  candidates: 300,
};

/** Everything needed to restore an index: the packed terms and the documents. */
export interface IndexSnapshot {
  readonly base: TermStoreBase;
  readonly documents: EngineDocuments;
}

type IndexedFields = { id: number; title: string; text: string; meta: string };

const FIELDS = ["title", "text", "meta"] as const;
/** Field boosts: a term in a section title or the reply's metadata says more than one in running text. */
const BOOST: Record<(typeof FIELDS)[number], number> = { title: 2, text: 1, meta: 1.5 };
const splitTokens = (text: string) => (text.length === 0 ? [] : text.split(" "));
const identity = (term: string) => term;
const OPTIONS = {
  idField: "id",
  fields: [...FIELDS],
  storeFields: [],
  tokenize: splitTokens,
  processTerm: identity,
  searchOptions: { tokenize: splitTokens, processTerm: identity },
};

/** Text describing a reply, indexed with each of its sections. */
export function replyMetaText(reply: ReplySummary): string {
  const kind =
    reply.proposalKind === "建议"
      ? "代表建议 人大"
      : reply.proposalKind === "提案"
        ? "委员提案 政协"
        : "";
  return [
    reply.docNumber,
    reply.issuer,
    reply.session,
    reply.proposalNumber ? `第${reply.proposalNumber}号` : "",
    kind,
    reply.replyKind,
    reply.proposalTitle,
    reply.proposers.join(" "),
    reply.recipient,
  ]
    .filter(Boolean)
    .join(" ");
}

/** The three token lists of a section. */
function sectionTokens(meta: readonly string[], section: IndexableSection): string[][] {
  return [tokenize(section.title), tokenize(section.text), [...meta]];
}

/** MiniSearch over sections. */
export class SectionIndex {
  private readonly ranker = new Bm25Ranker(FIELDS.map((f) => BOOST[f]));

  private constructor(
    private readonly engine: IndexEngine<IndexedFields>,
    private readonly plan: SearchPlan,
  ) {}

  /** An empty index. */
  static empty(plan = DEFAULT_PLAN): SectionIndex {
    return new SectionIndex(new IndexEngine<IndexedFields>(OPTIONS), plan);
  }

  /** Indexes many replies in one pass (far faster than adding them one by one). */
  static build(
    replies: Iterable<{ reply: ReplySummary; sections: readonly IndexableSection[] }>,
    plan = DEFAULT_PLAN,
  ): SectionIndex {
    const builder = SectionIndex.builder(plan);
    for (const { reply, sections } of replies) builder.add(reply, sections);
    return builder.finish();
  }

  /** A builder to feed replies a batch at a time (nothing but the postings is kept). */
  static builder(plan = DEFAULT_PLAN): {
    add(reply: ReplySummary, sections: readonly IndexableSection[]): void;
    finish(): SectionIndex;
  } {
    const terms = new TermStoreBuilder(FIELDS.length);
    const ids: number[] = [];
    const lengths: number[] = [];
    return {
      add(reply, sections) {
        const meta = tokenize(replyMetaText(reply));
        for (const section of sections) {
          lengths.push(...terms.add(ids.length, sectionTokens(meta, section)));
          ids.push(section.id);
        }
      },
      finish() {
        const average = FIELDS.map((_, f) => {
          let sum = 0;
          for (let i = f; i < lengths.length; i += FIELDS.length) sum += lengths[i] as number;
          return ids.length === 0 ? 0 : sum / ids.length;
        });
        const documents: EngineDocuments = {
          shortIds: Uint32Array.from(ids, (_, i) => i),
          ids: Uint32Array.from(ids),
          fieldLengths: Uint32Array.from(lengths),
          averageFieldLength: average,
          nextId: ids.length,
        };
        return new SectionIndex(
          new IndexEngine<IndexedFields>(OPTIONS, terms.build(), documents),
          plan,
        );
      },
    };
  }

  /** Restores an index saved with {@link toSnapshot}. */
  static fromSnapshot(snapshot: IndexSnapshot, plan = DEFAULT_PLAN): SectionIndex {
    return new SectionIndex(
      new IndexEngine<IndexedFields>(OPTIONS, snapshot.base, snapshot.documents),
      plan,
    );
  }

  /**
   * The index packed for saving: removed sections dropped, changes folded
   * into the packed base, sections renumbered densely. The live index is
   * compacted in place to get it (it is then as a fresh build).
   */
  toSnapshot(): IndexSnapshot {
    this.engine.compact();
    const base = this.engine.store.pristineBase() as TermStoreBase;
    return { base, documents: this.engine.documents() };
  }

  /** Number of indexed sections. */
  get size(): number {
    return this.engine.size;
  }

  /** Document count, field lengths and average field lengths (as a fresh build has them). */
  statistics(): EngineStatistics {
    return this.engine.statistics();
  }

  /** Sizes that churn could grow (short ids, overlay, removed ids), to measure it. */
  footprint(): EngineFootprint {
    return this.engine.footprint();
  }

  /** True when churn has made packing worthwhile under `policy` (default {@link DEFAULT_COMPACTION}). */
  compactionDue(policy: CompactionPolicy = DEFAULT_COMPACTION): boolean {
    return this.engine.compactionDue(policy);
  }

  /** Packs the index now, whatever the churn (a no-op when already packed). */
  compact(): void {
    this.engine.compact();
  }

  /** Indexes the sections of one reply (replacing any already indexed under the same id). */
  addReply(reply: ReplySummary, sections: readonly IndexableSection[]): void {
    const meta = tokenize(replyMetaText(reply)).join(" ");
    for (const section of sections) {
      const [title, text] = sectionTokens([], section);
      this.engine.add({
        id: section.id,
        title: (title ?? []).join(" "),
        text: (text ?? []).join(" "),
        meta,
      });
    }
    this.maybeCompact();
  }

  /** Removes sections by id; unknown ids are ignored. */
  removeSections(ids: readonly number[]): void {
    for (const id of ids) this.engine.discard(id);
    this.maybeCompact();
  }

  /** True when a section id is indexed. */
  has(id: number): boolean {
    return this.engine.has(id);
  }

  /** Sections containing this token. */
  documentFrequency(term: string): number {
    return this.engine.store.documentFrequency(term);
  }

  /** BM25 inverse document frequency of a token; tokens no section has get the highest value. */
  idf(term: string): number {
    const n = this.size;
    const df = Math.min(this.documentFrequency(term), n);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Ranks sections for query tokens with MiniSearch's BM25 (OR semantics, field boosts). */
  search(terms: readonly string[], options: SectionSearchOptions = {}): SectionMatch[] {
    const known = [...new Set(terms)]
      .map((term) => ({ term, df: this.documentFrequency(term) }))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df);
    if (known.length === 0) return [];
    const ranked = this.ranker.rank(this.engine.store, this.engine.rankingDocuments(BM25.b), {
      terms: known,
      postingBudget: this.plan.postingBudget,
      candidates: Math.max(this.plan.candidates, options.limit ?? 50),
      filter: options.filter,
      boost: options.boost,
    });
    return ranked.slice(0, options.limit ?? 50);
  }

  private maybeCompact(): void {
    if (this.plan.compaction) this.engine.maybeCompact(this.plan.compaction);
  }
}
