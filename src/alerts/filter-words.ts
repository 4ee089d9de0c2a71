import { bodyKey, bodyRank } from "../documents/issuer-bodies.ts";
import { wantedIssuer } from "../documents/issuer-match.ts";
import { placesMentionedIn } from "../places/place-mentions.ts";
import { NATIONAL_PLACE } from "../places/place-resolver.ts";
import { toSimplified } from "../text/chinese-text.ts";
import type { SubscriptionFilter } from "./alert-types.ts";

/**
 * One word of a subscription filter read as a year, a 办理结果 category, a
 * kind, an answering body or a place; what is left over is keywords.
 */

/** What one word of a filter sets, and the keywords left in it. */
export interface FilterWord {
  readonly fields: Partial<
    Pick<SubscriptionFilter, "year" | "place" | "issuer" | "proposalKind" | "resultCategory">
  >;
  readonly keywords: readonly string[];
}

/** Words that name the kind: a CPPCC 提案 or a people's congress 建议. */
const KINDS: Readonly<Record<string, "提案" | "建议">> = {
  提案: "提案",
  政协提案: "提案",
  委员提案: "提案",
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
const BODY_END = /(局|委|委员会|厅|部|办|办公室|政府|中心|院|馆|署|站|所|管委会)$/;

/** Reads one word (no spaces) of a filter. */
export function parseFilterWord(word: string): FilterWord {
  const whole = wholeWord(word);
  if (whole) return { fields: whole, keywords: [] };
  const year = YEAR_IN_WORD.exec(word);
  if (year) return split(word, year, { year: Number(year[1]) });
  const category = CATEGORY_IN_WORD.exec(word);
  if (category) return split(word, category, { resultCategory: category[1]?.toUpperCase() ?? "" });
  const leading = leadingPlace(word);
  if (leading) {
    const rest = parseFilterWord(word.slice(leading.length));
    return { fields: { place: leading.place, ...rest.fields }, keywords: rest.keywords };
  }
  return { fields: {}, keywords: [word] };
}

/** A word that is entirely a year, a category, a kind, a body or a place. */
function wholeWord(word: string): FilterWord["fields"] | null {
  const year = WHOLE_YEAR.exec(word);
  if (year) return { year: Number(year[1]) };
  const category = WHOLE_CATEGORY.exec(word);
  if (category) return { resultCategory: category[1]?.toUpperCase() ?? "" };
  const kind = KINDS[toSimplified(word)];
  if (kind) return { proposalKind: kind };
  if (namesBody(word)) return { issuer: toSimplified(word) };
  const place = leadingPlace(word);
  if (place && place.length === word.length) return { place: place.place };
  return null;
}

/** The word without the part matched, the rest read again. */
function split(word: string, match: RegExpExecArray, fields: FilterWord["fields"]): FilterWord {
  const pieces = [word.slice(0, match.index), word.slice(match.index + match[0].length)];
  const read = pieces.filter((p) => p.length > 0).map(parseFilterWord);
  return {
    fields: Object.assign({}, fields, ...read.map((r) => r.fields)),
    keywords: read.flatMap((r) => r.keywords),
  };
}

/**
 * True when the word names an answering body, with or without a place:
 * 市教育局, 通山县交通运输局, 通山交通局, 卫健委, 县政府; not 养老院 (a body
 * name's last word but no known function, place or level).
 */
export function namesBody(word: string): boolean {
  const wanted = wantedIssuer(word);
  if (!wanted || wanted.body.length < 2 || !BODY_END.test(wanted.body)) return false;
  const known = bodyKey(wanted.body) !== null || bodyRank(wanted.body) !== null;
  return known || wanted.places.length > 0 || wanted.level !== null;
}

/** A place opening the word (通山, 湖北省, 全国): its official name and how many characters it takes. */
function leadingPlace(word: string): { place: string; length: number } | null {
  if (word.startsWith(NATIONAL_PLACE))
    return { place: NATIONAL_PLACE, length: NATIONAL_PLACE.length };
  const first = placesMentionedIn(word).find((m) => m.start === 0);
  return first ? { place: first.name, length: first.end } : null;
}
