import { divisionsNamed } from "../places/division-data.ts";
import { NATIONAL_PLACE } from "../places/place-resolver.ts";
import { normalizeForSearch } from "../search/tokenizer.ts";
import type { SubscriptionFilter } from "./alert-types.ts";
import { chooseIndexKey, type FilterIndexKey, guessedShare } from "./filter-keys.ts";
import { gramCode, type PreparedReply } from "./matchable-reply.ts";

/** A filter made ready for matching many replies, with the subscriptions sharing it. */
export interface CompiledFilter {
  /** Subscriptions with this filter. */
  readonly ids: number[];
  /** Keywords normalised as reply text is. */
  readonly keywords: readonly string[];
  /** The keywords joined: the key of their best section in a reply. */
  readonly keywordKey: string;
  /** Every character pair (or lone character) of the keywords: a reply lacking one cannot match. */
  readonly grams: readonly number[];
  /** What the filter is filed under (see filter-keys.ts). */
  readonly indexKey: FilterIndexKey;
  readonly excluded: readonly string[];
  /** The place's official names (several for a short name shared by divisions); null for any place. */
  readonly places: readonly string[] | null;
  readonly issuer: string | null;
  readonly year: number | null;
  readonly proposalKind: string | null;
  readonly resultCategory: string | null;
  /** The last match that looked at this filter (a filter filed under several keys is checked once). */
  seen: number;
}

/** Compiles a filter; `gramShare` estimates the share of replies holding a character pair (default {@link guessedShare}). */
export function compileFilter(
  filter: SubscriptionFilter,
  gramShare: (gram: string) => number = guessedShare,
): CompiledFilter {
  const keywords = [...new Set(filter.keywords.map(normalized).filter((k) => k.length > 0))];
  const grams = [...new Set(keywords.flatMap(gramsOfWord))];
  const parts = {
    places: filter.place ? placeNames(filter.place) : null,
    issuer: filter.issuer,
    year: filter.year,
    proposalKind: filter.proposalKind,
    resultCategory: filter.resultCategory,
  };
  const shares = grams.map((gram) => ({ gram, share: gramShare(gramText(gram)) }));
  return {
    ids: [],
    keywords,
    keywordKey: keywords.join("\u0000"),
    grams,
    indexKey: chooseIndexKey({ ...parts, grams: shares }),
    excluded: filter.excluded.map(normalized).filter((k) => k.length > 0),
    ...parts,
    seen: -1,
  };
}

/**
 * True when every part of the filter holds for the reply; cheap fields
 * first, substrings last. `pairs`: look at the reply's character pairs
 * before searching (worth it when many filters are checked; default true).
 */
export function filterHolds(filter: CompiledFilter, reply: PreparedReply, pairs = true): boolean {
  const r = reply.reply;
  if (filter.proposalKind !== null && filter.proposalKind !== r.proposalKind) return false;
  if (filter.resultCategory !== null && filter.resultCategory !== r.resultCategory) return false;
  if (filter.year !== null && filter.year !== reply.year) return false;
  if (filter.places && !filter.places.some((p) => reply.places.has(p))) return false;
  if (pairs) for (const gram of filter.grams) if (!reply.grams.has(gram)) return false;
  for (const keyword of filter.keywords) if (!reply.text.includes(keyword)) return false;
  for (const word of filter.excluded) if (reply.text.includes(word)) return false;
  return filter.issuer === null || reply.issuerIs(filter.issuer);
}

/** Official names a filter's place stands for (通山 → 通山县; 全国 → 全国). */
function placeNames(place: string): readonly string[] {
  let names = placeNamesMemo.get(place);
  if (!names) {
    if (placeNamesMemo.size >= 50_000) placeNamesMemo.clear();
    names =
      place === NATIONAL_PLACE
        ? [NATIONAL_PLACE]
        : [...new Set([place, ...divisionsNamed(place).map((d) => d.name)])];
    placeNamesMemo.set(place, names);
  }
  return names;
}

/** Places already resolved: many filters name the same few hundred places. */
const placeNamesMemo = new Map<string, readonly string[]>();

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
