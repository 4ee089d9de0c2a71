import { thingsNamedAfterPlaces } from "../places/name-filters.ts";
import { placesMentionedIn } from "../places/place-mentions.ts";
import { analyzeQuestion, cleanQuestion, contentText } from "../search/query-analysis.ts";
import { normalizeForSearch } from "../search/tokenizer.ts";
import { namesBody, parseFilterWord, trimKeyword } from "./filter-words.ts";
import { MAX_WORD_LENGTH, parseSubscriptionFilter } from "./subscription-filter.ts";

/**
 * Turns a question (the one an answer's "订阅此问题" button stands under)
 * into a subscription filter: the parts the filter syntax reads (place, a
 * year the question asks of replies, answering body, 提案 / 建议, A类) and at
 * most a few content keywords, the rarest in the index, instead of the whole
 * sentence as one keyword no new reply would contain.
 */

/** What the derivation may know of the corpus. */
export interface QuestionFilterContext {
  /** Inverse document frequency of an index token (a character pair, a latin word); higher is rarer. Default: all equal. */
  readonly idf?: (term: string) => number;
  /** True when the index holds the token. Default: every token is known. */
  readonly known?: (term: string) => boolean;
  /**
   * Sections holding the token. When given, segments are joined into one
   * word where the index shows them written together (专精 + 特 + 新).
   */
  readonly documentFrequency?: (term: string) => number;
  /** Issuing bodies in the corpus, for recognising an answering body (市科委). */
  readonly issuers?: readonly string[];
  /** Most content keywords. Default 2. */
  readonly maxKeywords?: number;
}

/** Longest keyword built by joining segments (家庭 + 病床); one segment may be longer. */
const MAX_JOINED = 4;

/** Function words, asking words and words about replies that say nothing of a topic. */
const FUNCTION_WORDS = new Set(
  (
    "的 了 着 过 和 与 及 以及 或 或者 跟 同 在 把 被 给 对 从 到 向 为 于 按 让 将 由 往 " +
    "以后 之后 以前 之前 以来 后来 后 前 时 时候 期间 现在 今年 去年 明年 前年 目前 当前 已经 已 " +
    "还 都 也 就 才 又 再 并 而 但 却 是 有 没有 要 想 能 会 可以 可 能够 需要 应该 最 更 很 " +
    "该 那 这 那条 这条 那个 这个 那些 这些 其 它 他们 我们 我 你 您 哪 谁 多 少 " +
    "里 上 下 中 内 外 里面 上面 下面 底下 省里 市里 县里 区里 全省 全市 全县 全区 全国 " +
    "情况 问题 答复 回复 会办 建议 提案 办理 办理结果 相关 关于 有关 提出 提 " +
    "等 个 些 年 月 日 号 元 万 亿 每 各 能否 是否 可否 一下 一些 大概 约 左右 以上 以下 " +
    "最多 最少 最晚 最早 最后 准备 打算 计划 提高 降到 延到 换成 转成 拿到 达到 多出 花 取 " +
    "来 去 做 搞 弄 用 拿 算 为了 怎么办 咋 啥 吗 呢 吧 啊 呀"
  ).split(" "),
);

/** A single character closing a noun that the segmenter splits off (卫生 + 院, 供暖 + 费). */
const NOUN_END = /^[院站所馆厂场库园校路桥港率费价线点区村镇证卡房楼车船局业户体]$/u;
/** A count as asked or written (一个, 一台, 每辆车, 几所): no topic. */
const COUNT = /^(?:[一二两三四五六七八九十百千万几每各]|\d+)[\p{Script=Han}]{0,2}$/u;
/** A number with a measure word that names something (69路, 3号线), kept as a keyword. */
const NAMED_NUMBER = /\d+(?:路|号线)/gu;
const CATEGORY = /(?<![a-z])([abcd])类/i;
const YEAR = /((?:19|20)\d{2})\s*年?度?/u;
const BODY_SPAN = /[\p{Script=Han}]{1,8}?(?:委员会|局|委|厅|办公室)/gu;

/** A candidate keyword: where it lies (run, segments) and how rare it is. */
interface Candidate {
  readonly word: string;
  readonly run: number;
  readonly from: number;
  readonly to: number;
  readonly score: number;
  readonly known: boolean;
}

/**
 * The filter text for a question, ready for `parseSubscriptionFilter`.
 *
 * @example questionToFilter("鄞州区建了多少张家庭病床", { idf }) // "家庭病床 鄞州区"
 */
export function questionToFilter(question: string, context: QuestionFilterContext = {}): string {
  const analyzed = analyzeQuestion(question, { issuers: context.issuers ?? [] });
  const text = normalizeForSearch(cleanQuestion(question).text);
  const fields: string[] = [];
  const removed: string[] = [];
  const place = onePlace(text);
  if (place) {
    fields.push(place.field);
    removed.push(...place.written);
  }
  const issuer = bodyNamed(text, analyzed.filters.issuer);
  if (issuer && !place) fields.push(issuer);
  if (issuer) removed.push(issuer);
  // A year is a filter only when asked of replies (2023年的提案); in 2023年建了多少 it dates the facts.
  if (analyzed.strictFilters && analyzed.filters.year !== null)
    fields.push(String(analyzed.filters.year));
  if (analyzed.filters.proposalKind) fields.push(analyzed.filters.proposalKind);
  const category = CATEGORY.exec(text)?.[1];
  if (category) fields.push(`${category.toUpperCase()}类`);
  const keywords = contentKeywords(text, removed, context);
  return safeFilter([...keywords, ...fields], keywords);
}

/** The words joined, or fewer of them when the parser refuses the whole (two bodies, …). */
function safeFilter(words: readonly string[], keywords: readonly string[]): string {
  for (const candidate of [words, keywords, keywords.slice(0, 1)]) {
    const text = candidate.join(" ");
    try {
      parseSubscriptionFilter(text);
      return text;
    } catch {}
  }
  return "";
}

/**
 * The one place the question names (the innermost of nested ones, a
 * township's county), with every way a place was written.
 */
function onePlace(text: string): { field: string; written: string[] } | null {
  // A place opening a thing's name (湖北省博物馆) is part of the thing, a keyword.
  const things = thingsNamedAfterPlaces(text);
  const mentions = placesMentionedIn(text).filter(
    (m) => !things.some((t) => t.start <= m.start && m.start < t.end),
  );
  const innermost = [...mentions].sort((a, b) => b.parents.length - a.parents.length)[0];
  if (!innermost) return null;
  // Several places not within one another (黔东南和黔南): no one place filter holds them.
  const nested = mentions.every(
    (m) => m.code === innermost.code || innermost.parents.includes(m.name),
  );
  if (!nested) return null;
  // A township's matters are answered by its county (永善县 for 黄华镇): the county holds both.
  const county = innermost.level === "township" ? innermost.parents[0] : undefined;
  return { field: county ?? innermost.text, written: mentions.map((m) => m.text) };
}

/** The answering body the question names (市教育局, 通山县交通运输局), or null. */
function bodyNamed(text: string, analyzed: string | null): string | null {
  if (analyzed && namesBody(analyzed)) return analyzed;
  const spans = [...text.matchAll(BODY_SPAN)].map((m) => m[0]);
  return spans.find((s) => namesBody(s) && parseFilterWord(s).fields.some((f) => f.issuer)) ?? null;
}

/** The rarest content words of the question, at most `maxKeywords`, in question order. */
function contentKeywords(
  text: string,
  removed: readonly string[],
  context: QuestionFilterContext,
): string[] {
  let rest = contentText(text);
  // Things named after a place (南京航空大学) and numbered lines (12路) are kept whole.
  const things = thingsNamedAfterPlaces(rest).map((t) => t.text);
  for (const word of [...things, ...removed, ...placesMentionedIn(text).map((m) => m.text)].sort(
    (a, b) => b.length - a.length,
  ))
    rest = rest.replaceAll(word, " ");
  const named = [...things, ...[...rest.matchAll(NAMED_NUMBER)].map((m) => m[0])];
  rest = rest.replace(NAMED_NUMBER, " ").replace(YEAR, " ");
  const runs = contentRuns(rest);
  const candidates = runs.flatMap((run, i) => candidatesOf(run, i, context));
  const chosen = choose(
    candidates,
    Math.max(1, context.maxKeywords ?? 2) - Math.min(named.length, 1),
  );
  return [...named.slice(0, 1), ...chosen];
}

/** Runs of content segments: segments between function words, numbers and punctuation. */
function contentRuns(text: string): string[][] {
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  const runs: string[][] = [[]];
  let singles = false;
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    const word = segment.trim();
    const content = isWordLike && word.length > 0 && !FUNCTION_WORDS.has(word) && !COUNT.test(word);
    const last = runs[runs.length - 1] ?? [];
    if (content && /^[\p{Script=Han}a-z]+$/u.test(word)) {
      // Single characters the segmenter split apart are one piece (特 + 新 → 特新).
      if (word.length === 1 && singles) last[last.length - 1] += word;
      else last.push(word);
      singles = word.length === 1;
    } else {
      singles = false;
      if (last.length > 0) runs.push([]);
    }
  }
  return runs.filter((r) => r.length > 0);
}

/**
 * The spans of a run that could be one keyword: each word of two or more
 * characters, alone or with a single character closing a noun (卫生 + 院);
 * a stretch of single characters the segmenter split apart (停 + 运 + 率);
 * and, when the index's frequencies are known, any segments whose seams the
 * index shows as one word (专精 + 特 + 新, 家庭 + 病床; not 县道 + 装).
 */
function candidatesOf(run: readonly string[], index: number, context: QuestionFilterContext) {
  const found: Candidate[] = [];
  for (let from = 0; from < run.length; from++) {
    let word = "";
    for (let to = from; to < run.length; to++) {
      word += run[to];
      if (to > from && (word.length > MAX_JOINED || !joins(run, from, to, context))) break;
      if (word.length < 2 || word.length > MAX_WORD_LENGTH || FUNCTION_WORDS.has(word)) continue;
      if (!plainKeyword(word)) continue;
      const terms = termsOf(word);
      const known = terms.every((t) => context.known?.(t) ?? true);
      const score = Math.max(...terms.map((t) => context.idf?.(t) ?? 1));
      found.push({ word, run: index, from, to, score, known });
    }
  }
  return found;
}

/**
 * True when segment `to` joins the segments from `from` before it into one
 * word: single characters together, a noun's closing character, or two
 * words of two or more characters whose seam the index shows as one word.
 * A single character opening a word (付 + 加装) or after one (空间 + 建) is a
 * verb or a measure word.
 */
function joins(run: readonly string[], from: number, to: number, context: QuestionFilterContext) {
  const span = run.slice(from, to + 1);
  if (span.every((w) => w.length === 1)) return true;
  const right = run[to] ?? "";
  const last = run[to - 1] ?? "";
  if (right.length === 1) return last.length >= 2 && NOUN_END.test(right) && to === from + 1;
  if (span.some((w) => w.length === 1)) return false;
  const df = context.documentFrequency;
  const left = run.slice(from, to).join("");
  return df !== undefined && cohesive(`${left}${right}`, left.length, df);
}

/**
 * True when the character pair across a seam is nearly as common in the
 * index as the pairs beside it (at least half): the two sides are written
 * together as one word, not merely next to each other in this question.
 */
function cohesive(word: string, seam: number, df: (term: string) => number): boolean {
  const across = df(word.slice(seam - 1, seam + 1));
  const beside = [seam >= 2 ? word.slice(seam - 2, seam) : "", word.slice(seam, seam + 2)].filter(
    (pair) => pair.length === 2,
  );
  if (across === 0) return false;
  if (beside.length === 0) return true;
  return across * 2 >= Math.min(...beside.map(df));
}

/** The word's index tokens: its character pairs, or itself when latin. */
function termsOf(word: string): string[] {
  if (!/\p{Script=Han}/u.test(word)) return [word];
  const pairs: string[] = [];
  for (let i = 0; i + 1 < word.length; i++) pairs.push(word.slice(i, i + 2));
  return pairs;
}

/** True when the filter reads the word back as itself, a keyword (not a place, year or kind). */
function plainKeyword(word: string): boolean {
  const read = parseFilterWord(word);
  return read.fields.length === 0 && read.keywords.length === 1 && trimKeyword(word) === word;
}

/**
 * Known words first, then the rarest, then the longest (家庭病床 over 病床
 * when they share their rarest pair); no two overlapping.
 */
function choose(candidates: readonly Candidate[], count: number): string[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      Number(b.known) - Number(a.known) || b.score - a.score || b.word.length - a.word.length,
  );
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (chosen.length >= count) break;
    const overlaps = chosen.some((o) => o.run === c.run && o.from <= c.to && c.from <= o.to);
    if (!overlaps && (c.known || chosen.length === 0)) chosen.push(c);
  }
  return chosen.sort((a, b) => a.run - b.run || a.from - b.from).map((c) => c.word);
}

/** What {@link liveQuestionContext} reads: the search service's current index and catalog. */
export interface LiveSearch {
  readonly index: { idf(term: string): number; documentFrequency(term: string): number };
  readonly catalog: { issuers(): readonly string[] };
}

/** A context over the live index (read at each call, so a rebuilt index is used at once). */
export function liveQuestionContext(search: LiveSearch): QuestionFilterContext {
  return {
    idf: (term) => search.index.idf(term),
    known: (term) => search.index.documentFrequency(term) > 0,
    documentFrequency: (term) => search.index.documentFrequency(term),
    issuers: search.catalog.issuers(),
  };
}
