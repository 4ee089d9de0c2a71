import { divisionsNamed } from "../places/division-data.ts";
import { NATIONAL_PLACE } from "../places/place-resolver.ts";
import { normalizeForSearch } from "../search/tokenizer.ts";
import type { SubscriptionFilter } from "./alert-types.ts";
import { gramCode, type PreparedReply } from "./matchable-reply.ts";

/** A filter made ready for matching many replies, with the subscriptions sharing it. */
export interface CompiledFilter {
  /** Subscriptions with this filter. */
  readonly ids: number[];
  /** Keywords normalised as reply text is. */
  readonly keywords: readonly string[];
  /** Every character pair (or lone character) of the keywords: a reply lacking one cannot match. */
  readonly grams: readonly number[];
  /** The least common of `grams`, the filter's index key; null without keywords. */
  readonly keyGram: number | null;
  readonly excluded: readonly string[];
  /** The place's official names (several for a short name shared by divisions); null for any place. */
  readonly places: readonly string[] | null;
  readonly issuer: string | null;
  readonly year: number | null;
  readonly proposalKind: string | null;
  readonly resultCategory: string | null;
}

/** Compiles a filter; `gramFrequency` ranks character pairs (default {@link guessedFrequency}). */
export function compileFilter(
  filter: SubscriptionFilter,
  gramFrequency: (gram: string) => number = guessedFrequency,
): CompiledFilter {
  const keywords = [...new Set(filter.keywords.map(normalized).filter((k) => k.length > 0))];
  const pairs = [...new Set(keywords.flatMap(gramsOfWord))];
  let keyGram: number | null = null;
  let rarest = Number.POSITIVE_INFINITY;
  for (const gram of pairs) {
    const frequency = gramFrequency(gramText(gram));
    if (frequency < rarest) [keyGram, rarest] = [gram, frequency];
  }
  return {
    ids: [],
    keywords,
    grams: pairs,
    keyGram,
    excluded: filter.excluded.map(normalized).filter((k) => k.length > 0),
    places: filter.place ? placeNames(filter.place) : null,
    issuer: filter.issuer,
    year: filter.year,
    proposalKind: filter.proposalKind,
    resultCategory: filter.resultCategory,
  };
}

/** True when every part of the filter holds for the reply; cheap fields first, substrings last. */
export function filterHolds(filter: CompiledFilter, reply: PreparedReply): boolean {
  const r = reply.reply;
  if (filter.proposalKind !== null && filter.proposalKind !== r.proposalKind) return false;
  if (filter.resultCategory !== null && filter.resultCategory !== r.resultCategory) return false;
  if (filter.year !== null && filter.year !== reply.year) return false;
  if (filter.places && !filter.places.some((p) => reply.places.has(p))) return false;
  for (const gram of filter.grams) if (!reply.grams.has(gram)) return false;
  for (const keyword of filter.keywords) if (!reply.text.includes(keyword)) return false;
  for (const word of filter.excluded) if (reply.text.includes(word)) return false;
  return filter.issuer === null || reply.issuerIs(filter.issuer);
}

/** Official names a filter's place stands for (通山 → 通山县; 全国 → 全国). */
function placeNames(place: string): string[] {
  if (place === NATIONAL_PLACE) return [NATIONAL_PLACE];
  return [...new Set([place, ...divisionsNamed(place).map((d) => d.name)])];
}

const normalizedWords = new Map<string, string>();

/** A keyword normalised (memoised: many subscriptions share keywords). */
function normalized(word: string): string {
  let found = normalizedWords.get(word);
  if (found === undefined) {
    if (normalizedWords.size >= 50_000) normalizedWords.clear();
    found = normalizeForSearch(word);
    normalizedWords.set(word, found);
  }
  return found;
}

function gramsOfWord(word: string): number[] {
  if (word.length === 1) return [gramCode(word, 0, 1)];
  const grams: number[] = [];
  for (let i = 0; i + 1 < word.length; i++) grams.push(gramCode(word, i, 2));
  return grams;
}

function gramText(gram: number): string {
  return gram < 65536
    ? String.fromCharCode(gram)
    : String.fromCharCode(Math.floor(gram / 65536), gram % 65536);
}

/**
 * Characters found in nearly every government reply (function words and the
 * vocabulary of administration). A pair made of them is a poor index key.
 */
const COMMON =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

const COMMON_RANK = new Map([...COMMON].map((c, i) => [c, i] as const));

/**
 * A guess at how common a pair is when no corpus statistics are given: the
 * pair of rarer characters is the better key (two common characters score highest).
 */
export function guessedFrequency(gram: string): number {
  let score = 0;
  for (const c of gram) {
    const rank = COMMON_RANK.get(c);
    score += rank === undefined ? 0 : COMMON.length - rank;
  }
  return score;
}
