import { type Division, divisionIndex, isWithin } from "../places/division-data.ts";
import { isKnownPlaceName } from "../places/place-mentions.ts";
import { shortPlaceName } from "../places/place-names.ts";
import type { ReplySummary } from "../storage/reply.repository.ts";
import { tokenize } from "./tokenizer.ts";

/**
 * Which replies a question about a place may be answered from. A reply
 * concerns a place when it belongs to it (its `place` is that division or
 * one inside it: a 鄞州区 reply concerns 浙江) or when its text or metadata
 * names the place (a provincial reply naming 丽水, a national one naming
 * 黔东南). A question naming a place is answered from those replies only:
 * never from another place's.
 */

/** A place a question names (see `placesMentionedIn`). */
export interface QuestionPlace {
  /** Official name: 通山县. */
  readonly name: string;
  /** As written in the question: 通山. */
  readonly text: string;
  /** GB/T 2260 code. */
  readonly code: string;
  /** The words are also an everyday word (双峰, 三台): see {@link repliesConcerning}. */
  readonly uncertain?: boolean;
}

/** What the place filter needs of the index: the sections holding a token. */
export interface SectionsWithTerm {
  documentFrequency(term: string): number;
  search(
    terms: readonly string[],
    options: { limit: number },
  ): readonly { readonly id: number; readonly score: number }[];
}

/** Replies, sections and the index, as the search service holds them. */
export interface PlaceCorpus {
  readonly replies: ReadonlyMap<number, ReplySummary>;
  readonly replyOfSection: (sectionId: number) => number | undefined;
  readonly index: SectionsWithTerm;
}

/**
 * The ids of the replies that concern any of `places`. A place written with
 * an everyday word (双峰, 三台: `uncertain`) narrows like any place: the
 * replies belonging to it or naming it (乡村振兴 names 振兴) count. When none
 * does, it adds nothing beside another place, and alone it leaves no reply:
 * the word may well be the place, and another place's reply must not answer
 * for it.
 */
export function repliesConcerning(
  places: readonly QuestionPlace[],
  corpus: PlaceCorpus,
): Set<number> {
  const divisions = places
    .map((p) => divisionIndex().byCode.get(p.code))
    .filter((d): d is Division => d !== undefined);
  const ids = new Set<number>();
  for (const [id, reply] of corpus.replies)
    if (reply.place && belongsTo(reply.place, places, divisions)) ids.add(id);
  for (const name of new Set(places.flatMap(writtenForms)))
    for (const id of repliesNaming(name, corpus)) ids.add(id);
  return ids;
}

/** True when a reply's place is one of `places` or lies inside one of them. */
function belongsTo(
  place: string,
  places: readonly QuestionPlace[],
  divisions: readonly Division[],
): boolean {
  if (places.some((p) => p.name === place)) return true;
  const own = divisionIndex().byName.get(place) ?? [];
  return own.some((d) => divisions.some((ancestor) => isWithin(d, ancestor)));
}

/** How a text may name the place: as the question wrote it, in full, or by its short form. */
function writtenForms(place: QuestionPlace): string[] {
  const short = shortPlaceName(place.name);
  return [place.text, place.name, ...(short && isKnownPlaceName(short) ? [short] : [])].filter(
    (n) => n.length >= 2,
  );
}

/** Replies with a section (text, title or metadata) holding every token of `name`. */
function repliesNaming(name: string, corpus: PlaceCorpus): Set<number> {
  const terms = [...new Set(tokenize(name))];
  const holding = terms.map((term) => {
    // The document frequency is per field (title, text, metadata): at most three times as many sections.
    const limit = 3 * corpus.index.documentFrequency(term);
    return new Set(limit > 0 ? corpus.index.search([term], { limit }).map((m) => m.id) : []);
  });
  const [first, ...rest] = holding;
  const sections = [...(first ?? [])].filter((id) => rest.every((set) => set.has(id)));
  const replies = new Set<number>();
  for (const id of sections) {
    const reply = corpus.replyOfSection(id);
    if (reply !== undefined) replies.add(reply);
  }
  return replies;
}

/**
 * How much a question's place words count once the place filter holds: the
 * replies searched already concern the place, so its name says little about
 * which passage answers (碧岭街道 in "碧岭街道的绿道准备新装多少盏路灯"). In
 * choosing the excerpt they count a little, to find where a larger
 * division's reply speaks of the place; in judging whether a passage
 * answers, not at all, or every passage of the place's replies would.
 */
export const PLACE_TERM_WEIGHT = { excerpt: 0.3, relevance: 0.3 } as const;

/** `weights` with the tokens of the question's place names scaled by `factor`. */
export function discountPlaceTerms(
  weights: ReadonlyMap<string, number>,
  places: readonly QuestionPlace[],
  factor: number,
): Map<string, number> {
  // An everyday word (振兴 of 乡村振兴) keeps its weight: it may be what the question is about.
  const sure = places.filter((p) => !p.uncertain);
  const own = new Set(sure.flatMap((p) => [...tokenize(p.text), ...tokenize(p.name)]));
  return new Map([...weights].map(([t, w]) => [t, own.has(t) ? w * factor : w]));
}
