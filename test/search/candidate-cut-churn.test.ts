import { describe, expect, it } from "vitest";
import {
  type IndexableSection,
  type SearchPlan,
  SectionIndex,
} from "../../src/search/section-index.ts";
import type { ReplySummary } from "../../src/storage/reply.repository.ts";
import { replySummary } from "../helpers/reply-summary.ts";

/**
 * The ranker walks only the rarest terms' postings and keeps the best
 * `candidates` sections before scoring the common terms on them. Which
 * sections it keeps must not depend on the order the index holds them in:
 * a revision re-adds a reply's sections at the end of the live index, while
 * a fresh build of the same database holds them in reply order. Sections
 * tied on the walked terms (generated and templated replies have many) then
 * used to be kept in a different order, and a live index ranked some
 * questions differently from a fresh build (the 10k churn benchmark: 398/400).
 */

type Reply = { reply: ReplySummary; sections: IndexableSection[] };

/** The database's replies, and a live index taking the same changes. */
class Corpus {
  private readonly replies = new Map<number, Reply>();
  private nextSection = 1;
  readonly live: SectionIndex;

  constructor(
    texts: readonly string[],
    private readonly plan: SearchPlan,
  ) {
    texts.forEach((text, i) => {
      const id = i + 1;
      this.replies.set(id, { reply: replySummary(id), sections: [this.section(text)] });
    });
    this.live = SectionIndex.build(this.sorted(), plan);
  }

  /** A revision as the index follower applies it: old sections out, new sections (new ids) in. */
  revise(replyId: number, text: string): void {
    const old = this.replies.get(replyId) as Reply;
    const next = { reply: old.reply, sections: [this.section(text)] };
    this.live.removeSections(old.sections.map((s) => s.id));
    this.live.addReply(next.reply, next.sections);
    this.replies.set(replyId, next);
  }

  /** A fresh build of the corpus, reading replies in id order as a rebuild does. */
  fresh(): SectionIndex {
    return SectionIndex.build(this.sorted(), this.plan);
  }

  private sorted(): Reply[] {
    return [...this.replies.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
  }

  private section(text: string): IndexableSection {
    return { id: this.nextSection++, title: "", text };
  }
}

/** Only the rarest term is walked; the rest are scored on the kept candidates. */
const PRUNING: SearchPlan = { postingBudget: 1, candidates: 1 };

describe("ranking with a candidate cut under revisions", () => {
  it("keeps the same candidates as a fresh build when sections tie on the walked terms", () => {
    // 低空 (4 sections, walked) ties them all; 养老 (7 sections) is scored on the candidate only.
    const corpus = new Corpus(
      ["低空养老", "低空服务", "低空服务", "低空服务", ...Array(6).fill("养老院所")],
      PRUNING,
    );
    corpus.revise(1, "低空养老");
    const terms = ["低空", "养老"];
    const live = corpus.live.search(terms, { limit: 1 });
    expect(live).toHaveLength(1);
    expect(live).toEqual(corpus.fresh().search(terms, { limit: 1 }));
  });

  it("ranks every question as a fresh build does after each of many revisions of tied replies", () => {
    const words = ["低空", "养老", "物流", "服务"];
    const texts = Array.from({ length: 24 }, (_, i) => `${words[i % 4]}${words[(i + 1) % 4]}项目`);
    const plan: SearchPlan = { postingBudget: 8, candidates: 3 };
    const corpus = new Corpus(texts, plan);
    const questions = [
      ["低空", "养老"],
      ["养老", "物流", "服务"],
      ["物流", "低空"],
      ["项目", "服务"],
    ];
    for (let step = 0; step < 40; step++) {
      const replyId = 1 + ((step * 7) % texts.length);
      corpus.revise(replyId, texts[(replyId + step) % texts.length] as string);
      const fresh = corpus.fresh();
      for (const q of questions) {
        expect(corpus.live.search(q, { limit: 3 }), `step ${step}: ${q.join(" ")}`).toEqual(
          fresh.search(q, { limit: 3 }),
        );
      }
    }
  });
});
