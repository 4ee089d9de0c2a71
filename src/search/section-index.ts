import type MiniSearch from "minisearch";
import type { ReplySummary } from "../storage/reply.repository.ts";
import {
  createEngine,
  type EngineDocuments,
  engineDocuments,
  type ScoringView,
  scoringView,
  termStoreOf,
} from "./minisearch-internals.ts";
import type { TermStore, TermStoreBase } from "./term-store.ts";
import { compactTermStore, TermStoreBuilder } from "./term-store-builder.ts";
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
  /** Query terms found in this section. */
  readonly terms: readonly string[];
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
}

export const DEFAULT_PLAN: SearchPlan = { postingBudget: 20_000, candidates: 300 };

/** Everything needed to restore an index: the packed terms and the documents. */
export interface IndexSnapshot {
  readonly base: TermStoreBase;
  readonly documents: EngineDocuments;
}

type IndexedFields = { id: number; title: string; text: string; meta: string };

const FIELDS = ["title", "text", "meta"] as const;
/** Field boosts: a term in a section title or the reply's metadata says more than one in running text. */
const BOOST: Record<(typeof FIELDS)[number], number> = { title: 2, text: 1, meta: 1.5 };
const BM25 = { k: 1.2, b: 0.7, d: 0.5 }; // MiniSearch's defaults, used for both halves of a query
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
  private readonly store: TermStore;
  private readonly stats: ScoringView;

  private constructor(
    private readonly engine: MiniSearch<IndexedFields>,
    private readonly plan: SearchPlan,
  ) {
    this.store = termStoreOf(engine);
    this.stats = scoringView(engine);
  }

  /** An empty index. */
  static empty(plan = DEFAULT_PLAN): SectionIndex {
    return new SectionIndex(createEngine<IndexedFields>(OPTIONS), plan);
  }

  /** Indexes many replies in one pass (far faster than adding them one by one). */
  static build(
    replies: Iterable<{ reply: ReplySummary; sections: readonly IndexableSection[] }>,
    plan = DEFAULT_PLAN,
  ): SectionIndex {
    const builder = new TermStoreBuilder(FIELDS.length);
    const ids: number[] = [];
    const lengths: number[] = [];
    for (const { reply, sections } of replies) {
      const meta = tokenize(replyMetaText(reply));
      for (const section of sections) {
        lengths.push(...builder.add(ids.length, sectionTokens(meta, section)));
        ids.push(section.id);
      }
    }
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
    return new SectionIndex(createEngine<IndexedFields>(OPTIONS, builder.build(), documents), plan);
  }

  /** Restores an index saved with {@link toSnapshot}. */
  static fromSnapshot(snapshot: IndexSnapshot, plan = DEFAULT_PLAN): SectionIndex {
    return new SectionIndex(
      createEngine<IndexedFields>(OPTIONS, snapshot.base, snapshot.documents),
      plan,
    );
  }

  /** The index compacted: removed sections dropped, changes folded into the packed base. */
  toSnapshot(): IndexSnapshot {
    const base = compactTermStore(this.store, FIELDS.length, (id) => this.stats.isLive(id));
    return { base, documents: engineDocuments(this.engine) };
  }

  /** Number of indexed sections. */
  get size(): number {
    return this.engine.documentCount;
  }

  /** Indexes the sections of one reply (replacing any already indexed under the same id). */
  addReply(reply: ReplySummary, sections: readonly IndexableSection[]): void {
    const meta = tokenize(replyMetaText(reply)).join(" ");
    for (const section of sections) {
      if (this.engine.has(section.id)) this.engine.discard(section.id);
      const [title, text] = sectionTokens([], section);
      this.engine.add({
        id: section.id,
        title: (title ?? []).join(" "),
        text: (text ?? []).join(" "),
        meta,
      });
    }
  }

  /** Removes sections by id; unknown ids are ignored. */
  removeSections(ids: readonly number[]): void {
    for (const id of ids) if (this.engine.has(id)) this.engine.discard(id);
  }

  /** True when a section id is indexed. */
  has(id: number): boolean {
    return this.engine.has(id);
  }

  /** Sections containing this token. */
  documentFrequency(term: string): number {
    return this.store.documentFrequency(term);
  }

  /** BM25 inverse document frequency of a token; tokens no section has get the highest value. */
  idf(term: string): number {
    const n = this.size;
    const df = Math.min(this.documentFrequency(term), n);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Ranks sections for query tokens: informative terms retrieve, common terms are scored on candidates. */
  search(terms: readonly string[], options: SectionSearchOptions = {}): SectionMatch[] {
    const known = [...new Set(terms)]
      .map((term) => ({ term, df: this.documentFrequency(term) }))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df);
    if (known.length === 0) return [];
    let split = 0;
    for (let budget = this.plan.postingBudget; split < known.length; split++) {
      budget -= known[split]?.df ?? 0;
      if (budget < 0 && split > 0) break;
    }
    const retrieval = known.slice(0, split).map((t) => t.term);
    const common = known.slice(split).map((t) => t.term);
    const { filter, boost } = options;
    const found = this.engine.search(retrieval.join(" "), {
      boost: BOOST,
      combineWith: "OR",
      prefix: false,
      fuzzy: false,
      ...(filter ? { filter: (r) => filter(r.id as number) } : {}),
      ...(boost ? { boostDocument: (id: number) => boost(id) } : {}),
    });
    const pool = common.length > 0 ? found.slice(0, this.plan.candidates) : found;
    const matches = pool.map((r) =>
      this.withCommonTerms(r.id as number, r.score, r.queryTerms, common, boost),
    );
    matches.sort((a, b) => b.score - a.score);
    return matches.slice(0, options.limit ?? 50);
  }

  /** Adds common terms to a candidate's score exactly as MiniSearch would have (BM25 sum × matched terms). */
  private withCommonTerms(
    id: number,
    score: number,
    queryTerms: readonly string[],
    common: readonly string[],
    boost: ((id: number) => number) | undefined,
  ): SectionMatch {
    if (common.length === 0) return { id, score, terms: queryTerms };
    const shortId = this.stats.shortIdOf(id);
    if (shortId === undefined) return { id, score, terms: queryTerms };
    const docBoost = boost ? boost(id) : 1;
    let raw = score / Math.max(1, queryTerms.length);
    const terms = [...queryTerms];
    for (const term of common) {
      let termScore = 0;
      for (const [field, postings] of this.store.get(term) ?? []) {
        const freq = postings.get(shortId);
        if (freq === undefined) continue;
        const name = FIELDS[field] ?? "text";
        termScore += BOOST[name] * docBoost * this.bm25(freq, postings.size, shortId, field);
      }
      if (termScore > 0) {
        raw += termScore;
        terms.push(term);
      }
    }
    return { id, score: raw * terms.length, terms };
  }

  private bm25(freq: number, matching: number, shortId: number, field: number): number {
    const n = this.stats.documentCount;
    const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
    const norm =
      1 -
      BM25.b +
      (BM25.b * this.stats.fieldLength(shortId, field)) / this.stats.averageFieldLength(field);
    return idf * (BM25.d + (freq * (BM25.k + 1)) / (freq + BM25.k * norm));
  }
}
