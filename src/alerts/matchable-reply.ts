import { issuerMatches } from "../documents/issuer-match.ts";
import type { ReplyDocument } from "../documents/reply.ts";
import { ancestry, divisionsNamed } from "../places/division-data.ts";
import { NATIONAL_PLACE } from "../places/place-resolver.ts";
import { normalizeForSearch } from "../search/tokenizer.ts";
import { replyKeys } from "./filter-keys.ts";
import { divisionsInside, divisionsOfIssuers, issuerPlacesAgree } from "./reply-places.ts";

/** What subscription matching reads of a new reply. */
export interface MatchableReply {
  readonly replyId: number;
  readonly docNumber: string | null;
  readonly title: string | null;
  readonly proposalTitle: string | null;
  readonly issuer: string | null;
  /** Every body of a joint signature; `issuer` is the first. */
  readonly issuers: readonly string[];
  /** Official name of the reply's division (通山县, 湖北省, 全国), or null. */
  readonly place: string | null;
  /** ISO YYYY-MM-DD, or null. */
  readonly date: string | null;
  readonly session: string | null;
  readonly proposalKind: string | null;
  /** A, B, C or D, or null. */
  readonly resultCategory: string | null;
  readonly sections: readonly { readonly title: string; readonly text: string }[];
}

/** The fields of a parsed reply that matching reads, under the id it is stored with. */
export function matchableReply(doc: ReplyDocument, replyId: number): MatchableReply {
  return {
    replyId,
    docNumber: doc.docNumber,
    title: doc.title,
    proposalTitle: doc.proposalTitle,
    issuer: doc.issuer,
    issuers: doc.issuers,
    place: doc.place,
    date: doc.date,
    session: doc.session,
    proposalKind: doc.proposalKind,
    resultCategory: doc.resultCategory,
    sections: doc.sections.map((s) => ({ title: s.title, text: s.text })),
  };
}

/** Joins fields so that no keyword is found across two of them. */
export const FIELD_SEPARATOR = "\u0001";

/** The reply's year: of its date, else of its 文号 (〔2023〕), else a year its session names. */
export function replyYear(reply: MatchableReply): number | null {
  const fromDate = /^(\d{4})-/.exec(reply.date ?? "")?.[1];
  if (fromDate) return Number(fromDate);
  const fromNumber = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(
    reply.docNumber?.normalize("NFKC") ?? "",
  )?.[1];
  if (fromNumber) return Number(fromNumber);
  const fromSession = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(
    reply.session?.normalize("NFKC") ?? "",
  )?.[1];
  return fromSession ? Number(fromSession) : null;
}

/**
 * Official names of the reply's place and of every division containing it
 * (通山县 → 通山县, 咸宁市, 湖北省); 全国 is only 全国. A name shared by
 * divisions in several provinces (江北区) counts in the one its answering
 * bodies name (重庆市江北区商务委员会: Chongqing, not Ningbo), else in each.
 * A body of a division inside the place (坪山区碧岭街道办事处 of a 坪山区
 * reply) adds that division (碧岭街道).
 */
export function placesContaining(
  place: string | null,
  issuers: readonly string[] = [],
): Set<string> {
  if (!place) return new Set();
  if (place === NATIONAL_PLACE) return new Set([NATIONAL_PLACE]);
  const names = new Set([place]);
  const where = divisionsOfIssuers(divisionsNamed(place), issuers);
  for (const d of where) for (const a of ancestry(d)) names.add(a.name);
  for (const d of divisionsInside(where, issuers)) names.add(d.name);
  return names;
}

/** A character (its UTF-16 code) or two adjacent ones (first × 65536 + second) as one number. */
export function gramCode(text: string, at: number, length: 1 | 2): number {
  const first = text.charCodeAt(at);
  return length === 1 ? first : first * 65536 + text.charCodeAt(at + 1);
}

/**
 * A reply read once for matching many filters. Its normalised text, its
 * character pairs and its index keys are worked out on first use, so that
 * checking a few filters that fail on a cheap field (year, place, kind)
 * never normalises the text.
 */
export class PreparedReply {
  /** The reply's year (see {@link replyYear}). */
  readonly year: number | null;
  /** See {@link placesContaining}. */
  readonly places: ReadonlySet<string>;
  private readonly issuers: readonly string[];
  private readonly answers = new Map<string, boolean>();
  private fields: { text: string; sections: string[] } | undefined;
  private pairs: Set<number> | undefined;
  private indexKeys: { keys: string[]; unkeyedBody: boolean } | undefined;

  constructor(readonly reply: MatchableReply) {
    this.year = replyYear(reply);
    this.issuers = reply.issuers.length > 0 ? reply.issuers : reply.issuer ? [reply.issuer] : [];
    this.places = placesContaining(reply.place, this.issuers);
  }

  /**
   * Title, proposal title, 文号 (a reply card's subscribe button files its
   * 文号: its revisions match), the answering bodies (交通 finds
   * 通山县交通运输局's replies), then each section's title and text, normalised, joined by
   * {@link FIELD_SEPARATOR}.
   */
  get text(): string {
    return this.normalized().text;
  }

  /** Each section's title and text, normalised, joined by {@link FIELD_SEPARATOR}. */
  get sections(): readonly string[] {
    return this.normalized().sections;
  }

  /** Every character and every two adjacent characters of `text`, as {@link gramCode}s. */
  get grams(): ReadonlySet<number> {
    this.pairs ??= gramsOf(this.text);
    return this.pairs;
  }

  /** String index keys the reply has (see filter-keys.ts). */
  get keys(): readonly string[] {
    this.indexKeys ??= replyKeys(this.reply, this.places, this.year);
    return this.indexKeys.keys;
  }

  /** A body of the reply has no function key: every body-keyed filter must be asked. */
  get unkeyedBody(): boolean {
    this.indexKeys ??= replyKeys(this.reply, this.places, this.year);
    return this.indexKeys.unkeyedBody;
  }

  /** True when one of the reply's bodies is the body `query` names (by place and body). */
  issuerIs(query: string): boolean {
    let answer = this.answers.get(query);
    if (answer === undefined) {
      const place = this.reply.place;
      answer = this.issuers.some(
        (i) => issuerMatches(i, query, { issuerPlace: place }) && issuerPlacesAgree(i, query),
      );
      this.answers.set(query, answer);
    }
    return answer;
  }

  private normalized(): { text: string; sections: string[] } {
    if (!this.fields) {
      const sections = this.reply.sections.map(
        (s) => normalizeForSearch(s.title) + FIELD_SEPARATOR + normalizeForSearch(s.text),
      );
      const { title, proposalTitle, docNumber } = this.reply;
      const heads = [title, proposalTitle, docNumber, ...this.issuers].map((t) =>
        normalizeForSearch(t ?? ""),
      );
      this.fields = { text: [...heads, ...sections].join(FIELD_SEPARATOR), sections };
    }
    return this.fields;
  }
}

/** Reads the reply for matching (see {@link PreparedReply}). */
export function prepareReply(reply: MatchableReply): PreparedReply {
  return new PreparedReply(reply);
}

function gramsOf(text: string): Set<number> {
  const grams = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    grams.add(text.charCodeAt(i));
    if (i + 1 < text.length) grams.add(gramCode(text, i, 2));
  }
  return grams;
}

/**
 * Finds the section holding the most of a filter's keywords (then the most
 * occurrences, up to 20 each; the first on a tie). Each keyword is counted
 * once per reply, however many filters hold it. A keyword inside a quoted
 * title (《关于…的建议》, as the acknowledgement quotes the proposal) counts
 * only when no section has it in its own words: the alert shows the title
 * already, and the section that says something about the keyword is the one
 * worth quoting.
 */
export class SectionScorer {
  private readonly counts = new Map<string, Int32Array>();
  private readonly answers = new Map<string, number | null>();

  /** @param reply whose `sections` are read on the first keyword asked about */
  constructor(private readonly reply: { readonly sections: readonly string[] }) {}

  /** Position of the best section for `keywords` (keyed by `key`), or null when none holds any or there are none. */
  best(keywords: readonly string[], key: string): number | null {
    if (keywords.length === 0) return null;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.choose(keywords);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private choose(keywords: readonly string[]): number | null {
    const scores = new Int32Array(this.reply.sections.length);
    for (const keyword of keywords) {
      const counts = this.countsOf(keyword);
      counts.forEach((count, i) => {
        if (count > 0) scores[i] = (scores[i] ?? 0) + 100 + count;
      });
    }
    let best: number | null = null;
    let bestScore = 0;
    scores.forEach((score, position) => {
      if (score > bestScore) [best, bestScore] = [position, score];
    });
    return best;
  }

  private countsOf(keyword: string): Int32Array {
    let counts = this.counts.get(keyword);
    if (!counts) {
      const own = Int32Array.from(this.unquoted(), (s) => occurrences(s, keyword, 20));
      counts = own.some((n) => n > 0)
        ? own
        : Int32Array.from(this.reply.sections, (s) => occurrences(s, keyword, 20));
      this.counts.set(keyword, counts);
    }
    return counts;
  }

  private withoutTitles: readonly string[] | null = null;

  /** The sections without their quoted titles (《…》). */
  private unquoted(): readonly string[] {
    this.withoutTitles ??= this.reply.sections.map((s) => s.replace(QUOTED_TITLE, "《》"));
    return this.withoutTitles;
  }
}

/** Position of the best section for `keywords` (see {@link SectionScorer}), or null. */
export function bestSection(
  sections: readonly string[],
  keywords: readonly string[],
): number | null {
  return new SectionScorer({ sections }).best(keywords, "");
}

/** A quoted title: a proposal's or a document's name in 《…》. */
const QUOTED_TITLE = /《[^《》\n]{1,200}》/g;

function occurrences(text: string, word: string, cap: number): number {
  let count = 0;
  for (
    let at = text.indexOf(word);
    at >= 0 && count < cap;
    at = text.indexOf(word, at + word.length)
  )
    count++;
  return count;
}
