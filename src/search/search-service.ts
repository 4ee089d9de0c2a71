import type { DocNumberParts } from "../documents/doc-number.ts";
import type { Database } from "../storage/database.ts";
import { findByDocNumber, type ReplySummary } from "../storage/reply.repository.ts";
import { getSections, type SectionRecord } from "../storage/section.repository.ts";
import type { Catalog } from "./catalog.ts";
import { type Excerpt, selectExcerpts } from "./excerpt.ts";
import { both, diversify, figureBonus, namesProposers } from "./hit-ranking.ts";
import type { IndexFollower } from "./index-follower.ts";
import { issuerTest } from "./issuer-finder.ts";
import { discountPlaceTerms, PLACE_TERM_WEIGHT, repliesConcerning } from "./place-filter.ts";
import { type AnalyzedQuestion, searchTerms } from "./query-analysis.ts";
import { judgeRelevance, profileQuestion, type QuestionProfile } from "./relevance.ts";
import { replyMetaText, type SectionIndex } from "./section-index.ts";
import { questionTermWeights } from "./term-weights.ts";
import { tokenize } from "./tokenizer.ts";

/** One ranked, cited excerpt. */
export interface SearchHit {
  readonly reply: ReplySummary;
  readonly sectionId: number;
  readonly sectionTitle: string;
  /** The 一是…/（一）… heading the excerpt falls under, if any. */
  readonly subsectionTitle: string | null;
  readonly excerpt: Excerpt;
  readonly score: number;
}

/** Hits for a question, and whether its filters had to be dropped to find any. */
export interface SearchOutcome {
  readonly hits: readonly SearchHit[];
  /** True when strict filters found nothing and the hits come from the whole corpus. */
  readonly filtersRelaxed: boolean;
  /** True when the question named a 文号 that is not in the corpus. */
  readonly unknownDocNumber: boolean;
  /** The places the question names when no reply belongs to or names any of them (else empty). */
  readonly placesWithoutReplies: readonly string[];
}

/** Tuning of {@link SearchService}; defaults in {@link DEFAULT_SEARCH_TUNING}. */
export interface SearchTuning {
  /** Sections whose excerpts are computed and reranked. */
  readonly candidates: number;
  /** Excerpts per reply in one answer, unless the question names the reply. */
  readonly perReply: number;
  /** Score multiplier for replies matching a filter the question only hinted at. */
  readonly softBoost: number;
}

export const DEFAULT_SEARCH_TUNING: SearchTuning = {
  candidates: 24,
  perReply: 2,
  softBoost: 1.2,
};

/**
 * Ranked, cited excerpts for analysed questions, over the catalog and index
 * an {@link IndexFollower} keeps current in the background.
 */
export class SearchService {
  /** Replies concerning the places of recent questions, by corpus version and places. */
  private readonly placeScopes = new Map<string, Set<number>>();

  constructor(
    private readonly db: Database,
    private readonly follower: IndexFollower,
    private readonly tuning: SearchTuning = DEFAULT_SEARCH_TUNING,
  ) {}

  /**
   * With `force`, brings the index up to the database now and returns the
   * number of replies taken in (after this process's own ingest). Without,
   * returns 0 at once: other processes' writes are followed in the
   * background, never inside a question.
   */
  async catchUp(force = false): Promise<number> {
    if (!force) return 0;
    return (await this.follower.sync()).replies;
  }

  /** The corpus version the index reflects. */
  get corpusVersion(): number {
    return this.follower.version;
  }

  /** Citation data of every reply and section. */
  get catalog(): Catalog {
    return this.follower.catalog;
  }

  /** The section index. */
  get index(): SectionIndex {
    return this.follower.index;
  }

  /**
   * Finds up to `limit` hits for a question. A question naming places is
   * answered from the replies concerning them only; when strict filters
   * (year, issuer, kind) find nothing they are dropped, the places never.
   */
  async search(question: AnalyzedQuestion, limit: number): Promise<SearchOutcome> {
    const none = { hits: [], filtersRelaxed: false, unknownDocNumber: false };
    const named = question.filters.docNumber
      ? await this.replyByDocNumber(question.filters.docNumber)
      : null;
    if (question.filters.docNumber && !named) {
      return { ...none, unknownDocNumber: true, placesWithoutReplies: [] };
    }
    const scope = named ? null : this.placeScope(question);
    if (scope?.size === 0) {
      return { ...none, placesWithoutReplies: question.filters.places.map((p) => p.name) };
    }
    const inScope = scope ? (id: number) => scope.has(id) : null;
    const strict = this.strictFilter(question, named?.id ?? null);
    // One reply named, by 文号 or by a place only it concerns: show more of it.
    const oneReply = named !== null || scope?.size === 1;
    let hits = await this.rank(question, both(strict, inScope), limit, oneReply);
    let filtersRelaxed = false;
    if (hits.length === 0 && strict && !named) {
      hits = await this.rank(question, inScope, limit, false);
      filtersRelaxed = hits.length > 0;
    }
    return { hits, filtersRelaxed, unknownDocNumber: false, placesWithoutReplies: [] };
  }

  /** The replies concerning the places a question names; null when it names none. */
  private placeScope(question: AnalyzedQuestion): Set<number> | null {
    const { places } = question.filters;
    if (places.length === 0) return null;
    const key = `${this.corpusVersion}:${places.map((p) => `${p.code}/${p.text}`).join(",")}`;
    let scope = this.placeScopes.get(key);
    if (!scope) {
      const { replies, sections } = this.catalog;
      scope = repliesConcerning(places, {
        replies,
        replyOfSection: (id) => sections.get(id)?.replyId,
        index: this.index,
      });
      // Scopes of the current corpus version only; a handful of places are asked about at once.
      if (this.placeScopes.size >= PLACE_SCOPES_KEPT) this.placeScopes.clear();
      this.placeScopes.set(key, scope);
    }
    return scope;
  }

  private async rank(
    question: AnalyzedQuestion,
    filter: ((replyId: number) => boolean) | null,
    limit: number,
    oneReply: boolean,
  ): Promise<SearchHit[]> {
    const sections = this.catalog.sections;
    const soft = this.softBoost(question);
    const terms = searchTerms(question);
    const matches = this.index.search(terms, {
      limit: this.tuning.candidates,
      ...(filter ? { filter: (id: number) => filter(sections.get(id)?.replyId ?? -1) } : {}),
      ...(soft ? { boost: (id: number) => soft(sections.get(id)?.replyId ?? -1) } : {}),
    });
    if (matches.length === 0) return [];
    const records = await getSections(
      this.db,
      matches.map((m) => m.id),
    );
    const texts = new Map(records.map((s) => [s.id, s]));
    const weights = questionTermWeights(question.terms, this.index, question.equivalences);
    const { places } = question.filters;
    const scoring = {
      terms,
      profile: profileQuestion(
        discountPlaceTerms(weights, places, PLACE_TERM_WEIGHT.relevance),
        this.index,
        question.equivalences,
      ),
      excerptWeights: discountPlaceTerms(weights, places, PLACE_TERM_WEIGHT.excerpt),
    };
    const topScore = matches[0]?.score ?? 1;
    const ranked: SearchHit[] = [];
    for (const match of matches) {
      const section = texts.get(match.id);
      if (section) ranked.push(...this.judge(question, scoring, section, match.score / topScore));
    }
    ranked.sort((a, b) => b.score - a.score);
    return diversify(ranked, oneReply ? limit : this.tuning.perReply).slice(0, limit);
  }

  /**
   * Cuts the best excerpt of one candidate section, and for a question
   * asking for a figure whose best excerpt lacks one, the best excerpt with
   * such a figure; scores them and keeps those that answer.
   */
  private judge(
    question: AnalyzedQuestion,
    scoring: Scoring,
    section: SectionRecord,
    retrieval: number,
  ): SearchHit[] {
    const reply = this.catalog.replies.get(section.replyId);
    if (!reply) return [];
    const options = {
      weight: (t: string) => scoring.excerptWeights.get(t) ?? 0,
      wantsQuantity: question.wantsQuantity,
      unit: question.unit,
      qualifiers: question.figureQualifiers,
    };
    const { best, withFigure } = selectExcerpts(section.text, scoring.terms, options);
    return [best, withFigure]
      .map(
        (excerpt) => excerpt && this.hitFor(question, scoring, reply, section, excerpt, retrieval),
      )
      .filter((hit): hit is SearchHit => !!hit);
  }

  /** Scores one excerpt of a section; null when it does not answer. */
  private hitFor(
    question: AnalyzedQuestion,
    { terms, profile }: Scoring,
    reply: ReplySummary,
    section: SectionRecord,
    excerpt: Excerpt,
    retrieval: number,
  ): SearchHit | null {
    // A question about who proposed what matches the reply's metadata, not its text.
    const meta = new Set(tokenize(replyMetaText(reply)));
    const found = new Set([...excerpt.matched, ...terms.filter((t) => meta.has(t))]);
    const context = excerpt.inContext.filter((t) => !found.has(t));
    const { coverage, accepted } = judgeRelevance(found, profile, context);
    if (!accepted) return null;
    const textShare = profile.total > 0 ? excerpt.score / profile.total : 0;
    const aboutReply = section.kind === "opening" && textShare < coverage / 2;
    const subsection = [...section.subsections].reverse().find((s) => s.offset <= excerpt.start);
    return {
      reply,
      sectionId: section.id,
      sectionTitle: section.title,
      subsectionTitle: subsection?.title ?? null,
      excerpt,
      score:
        0.5 * retrieval +
        0.5 * Math.min(coverage, 1.25) +
        (aboutReply ? 0.1 : 0) +
        figureBonus(question, excerpt) +
        (question.asksWho && namesProposers(reply, excerpt) ? 0.2 : 0),
    };
  }

  private strictFilter(
    question: AnalyzedQuestion,
    namedReply: number | null,
  ): ((replyId: number) => boolean) | null {
    if (namedReply !== null) return (id) => id === namedReply;
    if (!question.strictFilters) return null;
    const { year, issuer, proposalKind } = question.filters;
    if (!year && !issuer && !proposalKind) return null;
    const named = issuer ? issuerTest(this.catalog.issuers(), issuer) : null;
    return (id) => {
      const r = this.catalog.replies.get(id);
      if (!r) return false;
      if (year && !r.date?.startsWith(String(year))) return false;
      if (named && !(r.issuer && named(r.issuer))) return false;
      return !proposalKind || r.proposalKind === proposalKind;
    };
  }

  /** Without reply words, a year or issuer in the question only favours matching replies. */
  private softBoost(question: AnalyzedQuestion): ((replyId: number) => number) | null {
    if (question.strictFilters) return null;
    const { year, issuer } = question.filters;
    if (!year && !issuer) return null;
    const boost = this.tuning.softBoost;
    const named = issuer ? issuerTest(this.catalog.issuers(), issuer) : null;
    return (id) => {
      const r = this.catalog.replies.get(id);
      let factor = 1;
      if (r && year && r.date?.startsWith(String(year))) factor *= boost;
      if (r && named && r.issuer && named(r.issuer)) factor *= boost;
      return factor;
    };
  }

  private async replyByDocNumber(parts: DocNumberParts): Promise<ReplySummary | null> {
    const match = await findByDocNumber(this.db, parts);
    return match ? (this.catalog.replies.get(match.id) ?? null) : null;
  }
}

/** What judging a candidate section needs of the question, computed once per search. */
interface Scoring {
  /** Terms searched: the question's own and its equivalents'. */
  readonly terms: readonly string[];
  readonly profile: QuestionProfile;
  /** Term weights for choosing the excerpt: the place filter's words count less there. */
  readonly excerptWeights: ReadonlyMap<string, number>;
}

/** Place scopes kept between questions. */
const PLACE_SCOPES_KEPT = 64;
