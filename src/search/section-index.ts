import MiniSearch from "minisearch";
import type { ReplySummary } from "../storage/reply.repository.ts";
import { tokenize } from "./tokenizer.ts";

/**
 * The full-text index of reply sections (MiniSearch, BM25). Each section is
 * indexed with its title, its text and its reply's metadata (文号, proposal
 * title, proposers, session, issuer) so questions about who proposed what
 * find the reply. Fields are tokenized by our tokenizer before MiniSearch
 * sees them; MiniSearch stores no fields.
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

type IndexedFields = { id: number; title: string; text: string; meta: string };

const FIELDS = ["title", "text", "meta"] as const;
/** Field boosts: a term in a section title or the reply's metadata says more than one in running text. */
const BOOST = { title: 2, text: 1, meta: 1.5 };
const splitTokens = (text: string) => (text.length === 0 ? [] : text.split(" "));
const identity = (term: string) => term;

const MINISEARCH_OPTIONS = {
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

/**
 * MiniSearch keeps, per term, a posting map per field (`_index`, protected).
 * Its sizes are the document frequencies BM25 itself uses; reading them
 * avoids keeping a second copy in sync. `loadJS` builds a plain MiniSearch,
 * so a subclass would not survive a snapshot; hence this one narrow accessor
 * (pinned by a test).
 */
type PostingsView = { _index: { get(term: string): Map<number, Map<number, number>> | undefined } };

/** MiniSearch over sections. */
export class SectionIndex {
  private readonly engine: MiniSearch<IndexedFields>;

  constructor(engine?: MiniSearch<IndexedFields>) {
    this.engine = engine ?? new MiniSearch<IndexedFields>(MINISEARCH_OPTIONS);
  }

  /** Number of indexed sections. */
  get size(): number {
    return this.engine.documentCount;
  }

  /** Indexes the sections of one reply (replacing any section already indexed under the same id). */
  addReply(reply: ReplySummary, sections: readonly IndexableSection[]): void {
    const meta = tokenize(replyMetaText(reply)).join(" ");
    for (const section of sections) {
      if (this.engine.has(section.id)) this.engine.discard(section.id);
      this.engine.add({
        id: section.id,
        title: tokenize(section.title).join(" "),
        text: tokenize(section.text).join(" "),
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

  /** Sections containing this token (the largest of its per-field posting lists). */
  documentFrequency(term: string): number {
    const fields = (this.engine as unknown as PostingsView)._index.get(term);
    let df = 0;
    for (const postings of fields?.values() ?? []) df = Math.max(df, postings.size);
    return df;
  }

  /** BM25 inverse document frequency of a token; tokens no section has get the highest value. */
  idf(term: string): number {
    const n = this.size;
    const df = Math.min(this.documentFrequency(term), n);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Ranks sections for query tokens (OR semantics, BM25, field boosts). */
  search(terms: readonly string[], options: SectionSearchOptions = {}): SectionMatch[] {
    const known = [...new Set(terms)].filter((t) => this.documentFrequency(t) > 0);
    if (known.length === 0) return [];
    const { filter, boost } = options;
    const results = this.engine.search(known.join(" "), {
      boost: BOOST,
      combineWith: "OR",
      prefix: false,
      fuzzy: false,
      ...(filter ? { filter: (r) => filter(r.id as number) } : {}),
      ...(boost ? { boostDocument: (id: number) => boost(id) } : {}),
    });
    return results
      .slice(0, options.limit ?? 50)
      .map((r) => ({ id: r.id as number, score: r.score, terms: r.terms }));
  }

  /** Serialises the index. */
  toJSON(): unknown {
    return this.engine.toJSON();
  }

  /** Restores an index from {@link toJSON}'s output. */
  static fromJSON(json: unknown): SectionIndex {
    return new SectionIndex(
      MiniSearch.loadJS<IndexedFields>(
        json as Parameters<typeof MiniSearch.loadJS>[0],
        MINISEARCH_OPTIONS,
      ),
    );
  }
}
