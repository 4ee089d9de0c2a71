import { wantedIssuer } from "../documents/issuer-match.ts";
import { AppError } from "../errors.ts";
import { divisionsNamed, isWithin, placeLiesIn } from "../places/division-data.ts";
import { NATIONAL_PLACE } from "../places/place-resolver.ts";
import { cleanText } from "../search/query-analysis.ts";
import { normalizeForSearch } from "../search/tokenizer.ts";
import type { SubscriptionFilter } from "./alert-types.ts";
import { parseFilterWord, trimKeyword } from "./filter-words.ts";
import { divisionsOfIssuers } from "./reply-places.ts";

/**
 * A subscription's filter: the text after `/subscribe`, read with the syntax
 * of questions (keywords that must all occur, a year, a place, an answering
 * body, 提案 / 建议, a 办理结果 category, `-词` to exclude), stored as JSON
 * and shown back as dafu understood it. Matching is by substring and token,
 * never by a regular expression the user wrote.
 */

/** The filter with no condition: every new reply. */
export const EMPTY_FILTER: SubscriptionFilter = Object.freeze({
  keywords: [],
  excluded: [],
  year: null,
  place: null,
  issuer: null,
  proposalKind: null,
  resultCategory: null,
});

/** Longest filter text read, in characters. */
export const MAX_FILTER_LENGTH = 100;
/** Most words (keywords and excluded words together) one filter may hold. */
export const MAX_FILTER_WORDS = 8;
/** Longest keyword or excluded word, in characters. */
export const MAX_WORD_LENGTH = 20;

/** Where the filter's words are split: spaces, list punctuation and the middle dot of labels (issuer · title). */
const SEPARATOR = /[\s,，、;；。|·・]+/u;

type MutableFilter = { -readonly [K in keyof SubscriptionFilter]: SubscriptionFilter[K] };

/**
 * Reads a filter. Empty text is {@link EMPTY_FILTER} (every new reply).
 *
 * @example parseSubscriptionFilter("养老 通山 2023 提案 A类 -收费")
 * // { keywords: ["养老"], place: "通山县", year: 2023, proposalKind: "提案", resultCategory: "A", excluded: ["收费"], issuer: null }
 * @throws AppError `BAD_FILTER` when the text is too long, holds too many words, names two years, places, bodies, kinds or categories, or is not blank yet reads as no condition (`-`, `的`)
 */
export function parseSubscriptionFilter(text: string): SubscriptionFilter {
  const clean = cleanText(text.normalize("NFKC"));
  if ([...clean].length > MAX_FILTER_LENGTH)
    throw badFilter(`订阅条件太长（最多 ${MAX_FILTER_LENGTH} 个字），请只写关键的几个词`);
  const filter: MutableFilter = { ...EMPTY_FILTER, keywords: [], excluded: [] };
  const keywords: string[] = [];
  const excluded: string[] = [];
  for (const word of clean.split(SEPARATOR).filter((w) => w.length > 0)) {
    const exclude = /^[-−—]+(.*)$/u.exec(word);
    if (exclude) {
      const plain = keywordOf(exclude[1] ?? "");
      if (plain) excluded.push(plain);
      continue;
    }
    const read = parseFilterWord(word);
    for (const fields of read.fields)
      for (const [field, value] of Object.entries(fields) as [keyof MutableFilter, never][])
        setOnce(filter, field, value);
    for (const rest of read.keywords) {
      const plain = keywordOf(rest);
      if (plain) keywords.push(plain);
    }
  }
  filter.keywords = unique(keywords);
  filter.excluded = unique(excluded).filter((w) => !filter.keywords.includes(w));
  checkWords(filter);
  checkIssuerPlace(filter);
  if (text.trim().length > 0 && describeFilter(filter) === describeFilter(EMPTY_FILTER))
    throw badFilter(
      `没有从“${[...(clean.trim() || "…")].slice(0, 20).join("")}”读出订阅条件；要订阅全部新答复，请只发 /subscribe`,
    );
  return Object.freeze(filter);
}

/** A keyword normalised as questions are (simplified, half-width, lower case), quotes trimmed. */
function keywordOf(word: string): string {
  const quotes = /^[「」『』“”‘’"'《》()（）[\]【】]+|[「」『』“”‘’"'《》()（）[\]【】]+$/gu;
  return trimKeyword(normalizeForSearch(word).replace(quotes, "")).replace(quotes, "").trim();
}

const FIELD_NAMES: Record<string, string> = {
  year: "年份",
  place: "地区",
  issuer: "答复单位",
  proposalKind: "类别（提案或建议）",
  resultCategory: "办理结果",
};

function setOnce(filter: MutableFilter, field: keyof MutableFilter, value: never): void {
  const old = filter[field];
  // 湖北通山, 通山 湖北: a place and a place inside it are the inner one.
  if (field === "place" && typeof old === "string" && old !== value) {
    if (placeLiesIn(value, old)) filter.place = value;
    if (placeLiesIn(value, old) || placeLiesIn(old, value)) return;
  }
  if (old !== null && !Array.isArray(old) && old !== value)
    throw badFilter(
      `一个订阅只能指定一个${FIELD_NAMES[field] ?? field}（看到「${old}」和「${value}」），请分开订阅`,
    );
  filter[field] = value;
}

function checkWords(filter: SubscriptionFilter): void {
  const words = [...filter.keywords, ...filter.excluded];
  if (words.length > MAX_FILTER_WORDS)
    throw badFilter(`关键词太多（最多 ${MAX_FILTER_WORDS} 个，含排除词），请只写关键的几个词`);
  const long = words.find((w) => [...w].length > MAX_WORD_LENGTH);
  if (long)
    throw badFilter(
      `关键词「${long.slice(0, MAX_WORD_LENGTH)}…」太长（每个最多 ${MAX_WORD_LENGTH} 个字），请用空格分开`,
    );
}

/** Refuses a place and an answering body of somewhere else (武汉 通山县交通运输局): nothing could match. */
function checkIssuerPlace(filter: SubscriptionFilter): void {
  const { place, issuer } = filter;
  if (!place || !issuer || place === NATIONAL_PLACE) return;
  const innermost = wantedIssuer(issuer)?.places.at(-1) ?? [];
  const own = divisionsOfIssuers(innermost, [issuer]);
  const areas = divisionsNamed(place);
  if (own.length === 0 || areas.length === 0) return;
  if (own.some((d) => areas.some((a) => isWithin(d, a) || isWithin(a, d)))) return;
  throw badFilter(`答复单位「${issuer}」不在「${place}」，这样的订阅不会收到提醒；请只写其中一个`);
}

function badFilter(message: string): AppError {
  return new AppError("BAD_FILTER", message);
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}

/**
 * The filter as dafu understood it, in Chinese:
 * `关键词「养老」「社区」· 地区：通山县 · 年份：2023 · 类别：提案 · 办理结果：A类 · 排除「收费」`;
 * the empty filter is `全部新答复`.
 */
export function describeFilter(filter: SubscriptionFilter): string {
  const parts: string[] = [];
  const quoted = (words: readonly string[]) => words.map((w) => `「${w}」`).join("");
  if (filter.keywords.length > 0) parts.push(`关键词${quoted(filter.keywords)}`);
  if (filter.place) parts.push(`地区：${filter.place}`);
  if (filter.issuer) parts.push(`答复单位：${filter.issuer}`);
  if (filter.year !== null) parts.push(`年份：${filter.year}`);
  if (filter.proposalKind) parts.push(`类别：${filter.proposalKind}`);
  if (filter.resultCategory) parts.push(`办理结果：${filter.resultCategory}类`);
  if (filter.excluded.length > 0) parts.push(`排除${quoted(filter.excluded)}`);
  return parts.length > 0 ? parts.join(" · ").replaceAll("」 · ", "」· ") : "全部新答复";
}

/** The filter as JSON (the subscription table's `filter_json`), fields in a fixed order. */
export function filterToJson(filter: SubscriptionFilter): string {
  return JSON.stringify({
    keywords: filter.keywords,
    excluded: filter.excluded,
    year: filter.year,
    place: filter.place,
    issuer: filter.issuer,
    proposalKind: filter.proposalKind,
    resultCategory: filter.resultCategory,
  });
}

/**
 * The key under which identical filters are matched once, keywords and
 * excluded words sorted (`养老 社区` and `社区 养老` are one).
 */
export function filterKey(filter: SubscriptionFilter): string {
  const sorted = (words: readonly string[]) =>
    words.length > 1 ? [...words].sort().join("\u0001") : (words[0] ?? "");
  return [
    sorted(filter.keywords),
    sorted(filter.excluded),
    filter.year ?? "",
    filter.place ?? "",
    filter.issuer ?? "",
    filter.proposalKind ?? "",
    filter.resultCategory ?? "",
  ].join("\u0002");
}

/**
 * Reads {@link filterToJson}'s JSON. Missing or mistyped fields take their
 * empty value, so a filter saved by an older version still reads.
 *
 * @throws AppError `BAD_FILTER` when the text is not a JSON object
 */
export function filterFromJson(json: string): SubscriptionFilter {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new AppError("BAD_FILTER", "订阅条件无法读取，请重新订阅", { cause });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new AppError("BAD_FILTER", "订阅条件无法读取，请重新订阅");
  const o = value as Record<string, unknown>;
  const kind = o.proposalKind ?? o.kind;
  const category = String(o.resultCategory ?? o.category ?? "")
    .toUpperCase()
    .slice(0, 1);
  return Object.freeze({
    keywords: words(o.keywords ?? o.words),
    excluded: words(o.excluded ?? o.excludes ?? o.exclude),
    year: typeof o.year === "number" && Number.isInteger(o.year) ? o.year : null,
    place: text(o.place),
    issuer: text(o.issuer),
    proposalKind: kind === "提案" || kind === "建议" ? kind : null,
    resultCategory: /^[ABCD]$/.test(category) ? category : null,
  });
}

function words(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((w): w is string => typeof w === "string" && w.length > 0)
    : [];
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}
