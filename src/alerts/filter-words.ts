import { bodyKey, bodyRank } from "../documents/issuer-bodies.ts";
import { wantedIssuer } from "../documents/issuer-match.ts";
import { endsLikeThingName, thingNameEnd } from "../places/name-filters.ts";
import { placesMentionedIn } from "../places/place-mentions.ts";
import { NATIONAL_PLACE } from "../places/place-resolver.ts";
import { toSimplified } from "../text/chinese-text.ts";
import type { SubscriptionFilter } from "./alert-types.ts";

/**
 * One word of a subscription filter read as a year, a 办理结果 category, a
 * kind, an answering body or a place; what is left over is keywords.
 */

/** Parts of a filter one piece of a word sets. */
export type FilterFields = Partial<
  Pick<SubscriptionFilter, "year" | "place" | "issuer" | "proposalKind" | "resultCategory">
>;

/** What one word of a filter sets (each piece of it in turn), and the keywords left in it. */
export interface FilterWord {
  readonly fields: readonly FilterFields[];
  readonly keywords: readonly string[];
}

/** Words that name the kind: a CPPCC 提案 or a people's congress 建议. */
const KINDS: Readonly<Record<string, "提案" | "建议">> = {
  提案: "提案",
  政协提案: "提案",
  委员提案: "提案",
  政协委员提案: "提案",
  提案答复: "提案",
  建议: "建议",
  人大建议: "建议",
  代表建议: "建议",
  人大代表建议: "建议",
  建议答复: "建议",
};

const WHOLE_YEAR = /^((?:19|20)\d{2})(?:年度?)?$/;
const YEAR_IN_WORD = /((?:19|20)\d{2})年度?/;
const WHOLE_CATEGORY = /^(?:办理结果|结果|类别)?[:：]?([abcd])\d?类?$/i;
const CATEGORY_IN_WORD = /(?<![a-z])([abcd])\d?类/i;
/** Last words of a body's name (局, 委员会, 人民政府 …); a body must end with one. */
const BODY_END = /(局|委|委员会|厅|部|办|办公室|办事处|政府|中心|院|馆|署|站|所|管委会)$/;

/**
 * True for a year a new reply can carry: not after next year. A later one
 * (2035年远景目标, 2050) names a plan's horizon, so it stays a keyword.
 */
function replyYear(year: string | undefined): boolean {
  return Number(year) <= new Date().getFullYear() + 1;
}

/** True when the word holds a year (2023年) a reply can carry. */
function hasReplyYear(word: string): boolean {
  const year = YEAR_IN_WORD.exec(word);
  return year !== null && replyYear(year[1]);
}

/** Reads one word (no spaces) of a filter. */
export function parseFilterWord(word: string): FilterWord {
  const whole = wholeWord(word);
  if (whole) return { fields: [whole], keywords: [] };
  const year = YEAR_IN_WORD.exec(word);
  if (year && replyYear(year[1])) return split(word, year, { year: Number(year[1]) });
  const category = CATEGORY_IN_WORD.exec(word);
  if (category) return split(word, category, { resultCategory: category[1]?.toUpperCase() ?? "" });
  const leading = leadingPlace(word);
  if (leading) return after({ place: leading.place }, word.slice(leading.length));
  const kind = KIND_AT_END.exec(word);
  if (kind?.[1] && kind[2])
    return after({ proposalKind: kind[2] === "提案" ? "提案" : "建议" }, kind[1]);
  const keyword = trimKeyword(word);
  return { fields: [], keywords: keyword ? [keyword] : [] };
}

/** A kind closing a word after two or more characters (养老提案, 托育的建议). */
const KIND_AT_END = /^(.{2,}?)的?(提案|建议)$/u;
/** Words around a keyword that say nothing of the topic: 的, 关于, 答复, 相关. */
const KEYWORD_EDGES = /^(?:的|关于|有关)+|(?:的答复|的回复|答复|回复|相关|方面|的)+$/gu;

/** The keyword without the words around it that say nothing of the topic (的养老答复 → 养老). */
export function trimKeyword(word: string): string {
  const trimmed = word.replace(KEYWORD_EDGES, "");
  return trimmed.length > 0 ? trimmed : "";
}

/** The fields read from the start of a word, then the rest of the word read again. */
function after(fields: FilterFields, rest: string): FilterWord {
  if (rest.length === 0) return { fields: [fields], keywords: [] };
  const read = parseFilterWord(rest);
  return { fields: [fields, ...read.fields], keywords: read.keywords };
}

/** A word that is entirely a year, a category, a kind, a body or a place. */
function wholeWord(word: string): FilterFields | null {
  const year = WHOLE_YEAR.exec(word);
  if (year && replyYear(year[1])) return { year: Number(year[1]) };
  const category = WHOLE_CATEGORY.exec(word);
  if (category) return { resultCategory: category[1]?.toUpperCase() ?? "" };
  const kind = KINDS[toSimplified(word)];
  if (kind) return { proposalKind: kind };
  // A year glued in front (2023年通山县交通局) is read apart first, not as part of the body's name.
  if (!hasReplyYear(word) && namesBody(word)) return { issuer: toSimplified(word) };
  const place = leadingPlace(word);
  if (place && place.length === word.length) return { place: place.place };
  return null;
}

/** The word without the part matched, the rest read again. */
function split(word: string, match: RegExpExecArray, fields: FilterFields): FilterWord {
  const pieces = [word.slice(0, match.index), word.slice(match.index + match[0].length)];
  const read = pieces.filter((p) => p.length > 0).map(parseFilterWord);
  return {
    fields: [fields, ...read.flatMap((r) => r.fields)],
    keywords: read.flatMap((r) => r.keywords),
  };
}

/**
 * True when the word names an answering body, with or without a place:
 * 市教育局, 通山县交通运输局, 通山交通局, 卫健委, 县政府; not 养老院 (a body
 * name's last word but no known function, place or level), nor a thing
 * named after a place (通山县人民医院, 湖北省博物馆).
 */
export function namesBody(word: string): boolean {
  const wanted = wantedIssuer(word);
  if (!wanted || wanted.body.length < 2 || !BODY_END.test(wanted.body)) return false;
  const known = bodyKey(wanted.body) !== null || bodyRank(wanted.body) !== null;
  // A hospital, a school or a museum (通山县人民医院) is a thing the reply is about, not a body answering.
  if (!known && endsLikeThingName(wanted.body)) return false;
  return known || wanted.places.length > 0 || wanted.level !== null;
}

/**
 * A place opening the word (通山, 湖北省, 全国): its official name and how
 * many characters it takes. A place that opens the name of a thing called
 * after it (北京大学, 南京航空大学, 湖北省博物馆, 广州塔) or one word with
 * the character after it (北京人) is no place: the word is a keyword.
 */
function leadingPlace(word: string): { place: string; length: number } | null {
  if (word.startsWith(NATIONAL_PLACE))
    return { place: NATIONAL_PLACE, length: NATIONAL_PLACE.length };
  const first = placesMentionedIn(word).find((m) => m.start === 0);
  if (!first || thingNameEnd(word, first.end) !== null) return null;
  // One character left (北京人, 上海话) makes one word with the place, never a keyword alone.
  if (/^\p{Script=Han}$/u.test(word.slice(first.end))) return null;
  return { place: first.name, length: first.end };
}
