import { type DocNumberParts, findDocNumber } from "../documents/doc-number.ts";
import { wantedIssuer } from "../documents/issuer-match.ts";
import type { ProposalKind } from "../documents/proposal-number.ts";
import { placesMentionedIn } from "../places/place-mentions.ts";
import type { DATE, DURATION, TIME_OF_DAY } from "./excerpt.ts";
import {
  type FigureQualifiers,
  figureQualifiersOf,
  QUANTITY_UNIT,
  ratePeriod,
  unitAskedFor,
} from "./figure-asked.ts";
import { issuerIndexOf } from "./issuer-finder.ts";
import type { QuestionPlace } from "./place-filter.ts";
import { type Equivalence, findEquivalences } from "./synonyms.ts";
import { normalizeForSearch, tokenizeNormalized } from "./tokenizer.ts";

/**
 * Turns a question into search terms and filters. Question words (多少,
 * 哪些, 怎么, 是否 …) are cut out before tokenizing, so they neither match
 * nor form bigrams with the content words around them.
 */

/** Filters a question can carry. */
export interface QuestionFilters {
  readonly year: number | null;
  /** The issuer as named in the question (市科委), matched against issuers by abbreviation. */
  readonly issuer: string | null;
  readonly proposalKind: ProposalKind | null;
  /** A 文号 written in the question: the question is about that reply. */
  readonly docNumber: DocNumberParts | null;
  /** Places the question names (通山 → 通山县): it is answered from their replies only. */
  readonly places: readonly QuestionPlace[];
}

/** A question ready to search. */
export interface AnalyzedQuestion {
  /** The question as shown back to the user: tags, controls and extra spaces removed. */
  readonly text: string;
  /** Unique content tokens in question order. */
  readonly terms: readonly string[];
  /** Words of the question with equivalents the corpus uses (看病 → 就医); see {@link searchTerms}. */
  readonly equivalences: readonly Equivalence[];
  readonly filters: QuestionFilters;
  /** True when the question is about replies (答复, 提案 …), so filters apply strictly. */
  readonly strictFilters: boolean;
  /** Asks for a number (多少, 几, 比例 …): prefer excerpts with figures. */
  readonly wantsQuantity: boolean;
  /** The measure word asked for (多少家 → 家, 多少人次 → 人次, 多少钱 → 元, or {@link TIME_OF_DAY} / {@link DATE} / {@link DURATION}), or null. */
  readonly unit: string | null;
  /** What the figure must say beyond its unit: per month, in the evening, the value changed to. */
  readonly figureQualifiers: FigureQualifiers;
  /** Asks who made a proposal (哪几位代表提的, 谁提的): prefer excerpts naming the proposers. */
  readonly asksWho: boolean;
  /** Asks for the newest replies (最新答复). */
  readonly wantsLatest: boolean;
  /** The question was longer than {@link MAX_QUESTION_LENGTH} and was cut. */
  readonly truncated: boolean;
}

/** Characters of a question that are searched; the rest is ignored (and the user told). */
export const MAX_QUESTION_LENGTH = 200;

const QUESTION_WORDS =
  /什么时候|啥时候|什么时间|多长时间|有没有|是不是|有多少|多少|有多大|有多高|有多长|有多久|多大|多高|多长|多久|多远|哪些|哪个|哪家|哪几|哪里|什么|怎么样|怎样|怎么|如何|是否|为什么|为何|能否|可否|几|请问|请教|告诉我|我想知道|想了解|一下|那边|这边|那儿|这儿|一般|通常|平时|现在|如今|眼下|打算|能不能|可不可以|会不会|方面|大概|大约|大致|差不多|一共|总共|到底|究竟|吗|呢|吧|呀|啊|么/g;
/** 几点 asks a time: 点 is no measure word to keep (几点收摊 must not search 点收). */
const ASKS_CLOCK = /几点钟?|几时/g;

/**
 * Removes question words. A measure word after 多少/几 is set apart from what
 * follows when that starts with a word the corpus knows (多少家企业 → 家 企业,
 * 多少个项目 → 个 项目); otherwise the two may form a word of their own and
 * stay together (多少人口, 多少人才, 多少项目获得…).
 */
function stripQuestionWords(text: string, known: (term: string) => boolean): string {
  return text
    .replace(ASKS_CLOCK, " ")
    .replace(QUANTITY_UNIT, (_m, _q, unit: string | undefined, at: number, whole: string) => {
      if (!unit) return " ";
      const next = whole.slice(at + _m.length, at + _m.length + 2);
      return unit.length === 1 && !(next.length === 2 && known(next)) ? ` ${unit}` : ` ${unit} `;
    })
    .replace(QUESTION_WORDS, " ");
}
/**
 * A bigram with 的 or 了 is the seam of two words (平台的对接率 → 台的, 的对),
 * not a word: searching it only matches other seams.
 */
const PARTICLE_BIGRAM = /^(?=\p{Script=Han}{2}$).*[的了]/u;
const REPLY_WORDS = /答复|回复|会办|提案|建议|办理/;
const QUANTITY =
  /多少|几[个家项次人名年种所批]?|比例|占比|多大|多高|多长|规模|金额|数量|总额|人次|百分之|增长了?多/;
const LATEST = /最新|最近|新发布|近期/;
/** Asks who proposed: 谁 or 哪(几)位/哪些 with 代表, 委员 or 提. */
const ASKS_WHO = /谁提|是谁|哪[几一]?位|哪些(?:代表|委员)|什么人/;
const ISSUER_SPAN = /[\p{Script=Han}]{1,6}?(?:委员会|人民政府|政府|委|局|厅|办公室|办|区|县)/gu;

/** Removes markup, control characters and extra spaces. */
export function cleanText(raw: string): string {
  return raw
    .replace(/<[^<>]{0,200}>/g, " ")
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** {@link cleanText}, then capped at {@link MAX_QUESTION_LENGTH} characters. */
export function cleanQuestion(raw: string): { text: string; truncated: boolean } {
  const text = cleanText(raw);
  const chars = [...text];
  if (chars.length <= MAX_QUESTION_LENGTH) return { text, truncated: false };
  return { text: chars.slice(0, MAX_QUESTION_LENGTH).join(""), truncated: true };
}

/** What question analysis may know of the corpus. */
export interface QuestionContext {
  /** Issuing bodies in the corpus, for recognising an issuer filter. */
  readonly issuers?: readonly string[];
  /** True when a token occurs in the corpus. Default: every token is known. */
  readonly known?: (term: string) => boolean;
}

/** Analyses a question. */
export function analyzeQuestion(raw: string, context: QuestionContext = {}): AnalyzedQuestion {
  const issuers = context.issuers ?? [];
  const known = context.known ?? (() => true);
  const { text, truncated } = cleanQuestion(raw);
  let rest = normalizeForSearch(text);
  const figureQualifiers = figureQualifiersOf(rest);
  const docNumber = findDocNumber(rest);
  if (docNumber)
    rest = rest.replace(
      /[\p{Script=Han}]{1,12}\s*[〔[［【(（﹝{]\s*\d{4}\s*[〕\]］】)）﹞}]\s*第?\s*\d{1,5}\s*号/u,
      " ",
    );
  const strictFilters = REPLY_WORDS.test(rest);
  const yearMatch = /((?:19|20)\d{2})\s*年/.exec(rest);
  const issuer = findIssuer(stripQuestionWords(rest, known), issuers);
  const proposalKind: ProposalKind | null = /提案|政协委员/.test(rest)
    ? "提案"
    : /代表建议|人大代表|人大建议/.test(rest)
      ? "建议"
      : null;
  const wantsLatest = LATEST.test(rest) && REPLY_WORDS.test(rest);
  const unit = unitAskedFor(rest);
  const asksWho = ASKS_WHO.test(rest);
  const wantsQuantity = QUANTITY.test(rest) || unit !== null;
  // A place's body (永善卫健局) is the place filter and the issuer boost, its words no content.
  if (issuer && !strictFilters && namesPlacedBody(issuer)) rest = rest.replace(issuer, " ");
  if (strictFilters) {
    // Filter words are satisfied by the filters; as terms they would only add noise.
    if (yearMatch) rest = rest.replace(yearMatch[0], " ");
    if (issuer) rest = rest.replace(issuer, " ");
    rest = rest.replace(/最新的?|最近的?|新发布的?|近期的?/g, " ");
  }
  // 一年 of 一年多少钱 says how the figure is given, like 多少 itself (每年 is written in replies).
  const period = ratePeriod(rest);
  if (period && !period.phrase.startsWith("每")) rest = rest.replace(period.phrase, " ");
  rest = stripQuestionWords(rest, known);
  const terms = [...new Set(tokenizeNormalized(rest))].filter((t) => !PARTICLE_BIGRAM.test(t));
  return {
    text,
    terms,
    equivalences: equivalencesOf(rest, terms, known),
    filters: {
      year: yearMatch ? Number(yearMatch[1]) : null,
      issuer,
      proposalKind,
      docNumber,
      places: docNumber ? [] : questionPlaces(text),
    },
    strictFilters,
    wantsQuantity,
    unit,
    figureQualifiers,
    asksWho,
    wantsLatest,
    truncated,
  };
}

/** The places a question names, each division once. */
function questionPlaces(text: string): QuestionPlace[] {
  const byCode = new Map<string, QuestionPlace>();
  // Everyday words that are also places (双峰, 三台) come marked uncertain: the place filter weighs them.
  for (const { name, text: written, code, uncertain } of placesMentionedIn(text, {
    commonWords: true,
  }))
    if (!byCode.has(code))
      byCode.set(code, { name, text: written, code, ...(uncertain ? { uncertain } : {}) });
  const places = [...byCode.values()];
  // Beside a sure place an everyday word (合作 of 合作社) is the word.
  return places.some((p) => !p.uncertain) ? places.filter((p) => !p.uncertain) : places;
}

/** The question's words with equivalents, each equivalent without the question's own terms. */
function equivalencesOf(
  text: string,
  terms: readonly string[],
  known: (term: string) => boolean,
): Equivalence[] {
  return findEquivalences(text, known)
    .map((e) => {
      // A word the corpus lacks lends its terms to its equivalents (养老 of 养老院 to 养老机构).
      const own = new Set(terms.filter((t) => !(e.replaces && e.terms.includes(t))));
      const alternatives = e.alternatives
        .map((alt) => alt.filter((t) => !own.has(t)))
        .filter((alt) => alt.length > 0);
      return { ...e, alternatives };
    })
    .filter((e) => e.alternatives.length > 0);
}

/** Every term to search: the question's own, then its equivalents' (weighted lower when judged). */
export function searchTerms(q: Pick<AnalyzedQuestion, "terms" | "equivalences">): string[] {
  return [...new Set([...q.terms, ...q.equivalences.flatMap((e) => e.alternatives.flat())])];
}

/**
 * The longest span naming a known issuer (杨浦区, 市科委), or null. A span may
 * start early (2023年市科委 → 年市科委), so its suffixes of three or more
 * characters are tried too; two-character ones (科委) are too ambiguous.
 */
function findIssuer(text: string, issuers: readonly string[]): string | null {
  let best: string | null = null;
  for (const candidate of issuerSpans(text)) {
    for (let start = 0; candidate.length - start >= Math.min(3, candidate.length); start++) {
      const span = candidate.slice(start);
      if (span.length < 2 || (best && best.length >= span.length)) break;
      if (issuerIndexOf(issuers).names(span)) {
        best = span;
        break;
      }
    }
  }
  return best;
}

/** Spans ending like a body or a place, and each two of them written together (永善县 + 卫健局). */
function issuerSpans(text: string): string[] {
  const spans = [...text.matchAll(ISSUER_SPAN)];
  const glued = spans.flatMap((m, i) => {
    const next = spans[i + 1];
    return next && next.index === m.index + m[0].length ? [m[0] + next[0]] : [];
  });
  return [...glued, ...spans.map((m) => m[0])];
}

/** True when the issuer span names a place and a body (永善卫健局): a filter, not content. */
function namesPlacedBody(issuer: string): boolean {
  const wanted = wantedIssuer(issuer);
  return wanted !== null && wanted.places.length > 0 && wanted.body.length > 0;
}

/** True when the question, once filters, places and question words are gone, asks about nothing in particular. */
export function isListingQuestion(q: AnalyzedQuestion): boolean {
  const generic = new Set([
    "答复",
    "回复",
    "提案",
    "建议",
    "代表",
    "委员",
    "会办",
    "意见",
    "办理",
    "的答",
    "的提",
    "的建",
    "的回",
  ]);
  // The places named are a filter, like the year: 通山县的答复 lists that county's replies.
  const place = new Set(q.filters.places.flatMap((p) => tokenizeNormalized(p.text)));
  return q.terms.every((t) => generic.has(t) || place.has(t) || /^\d+$/.test(t));
}

/** The question's normalised text without question words (what is left to match). */
export function contentText(raw: string): string {
  return stripQuestionWords(normalizeForSearch(cleanQuestion(raw).text), () => true);
}
