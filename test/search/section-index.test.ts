import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import {
  type IndexableSection,
  replyMetaText,
  SectionIndex,
} from "../../src/search/section-index.ts";
import { tokenize } from "../../src/search/tokenizer.ts";
import type { ReplySummary } from "../../src/storage/reply.repository.ts";

const reply = (id: number, proposers: string[]): ReplySummary => ({
  id,
  key: `k${id}`,
  docNumber: `沪测复〔2023〕${id}号`,
  issuer: "某委",
  replyKind: "答复",
  proposalKind: "提案",
  session: null,
  proposalNumber: "0101",
  proposers,
  recipient: null,
  proposalTitle: null,
  date: "2023-01-01",
  result: null,
  disclosure: null,
  resultCategory: null,
  resultLabel: null,
  dateSource: "signature",
  place: "上海市",
  issuers: ["某委"],
  title: null,
  revision: 1,
  sourceFile: "x",
  contentHash: "h",
  updatedAt: "t",
});

/** A small corpus where some terms are common (in most sections) and some rare. */
const CORPUS: { reply: ReplySummary; sections: IndexableSection[] }[] = Array.from(
  { length: 12 },
  (_, r) => ({
    reply: reply(r + 1, r % 3 === 0 ? ["王小明"] : ["李华"]),
    sections: Array.from({ length: 4 }, (_, s) => ({
      id: r * 10 + s + 1,
      title: s === 0 ? "引言" : `关于科技创新第${s}项`,
      text: `科技创新推动企业发展。${r % 4 === s ? "人工智能算力平台建设" : "产业升级持续推进"}，${r === 5 && s === 2 ? "低空经济无人机航线" : "服务体系不断完善"}。`,
    })),
  }),
);

/** Plain MiniSearch, indexed the ordinary way, as the reference. */
function reference() {
  const tokens = (text: string) => tokenize(text).join(" ");
  const ms = new MiniSearch<{ id: number; title: string; text: string; meta: string }>({
    fields: ["title", "text", "meta"],
    tokenize: (t) => (t ? t.split(" ") : []),
    processTerm: (t) => t,
  });
  for (const { reply: r, sections } of CORPUS) {
    for (const s of sections)
      ms.add({
        id: s.id,
        title: tokens(s.title),
        text: tokens(s.text),
        meta: tokens(replyMetaText(r)),
      });
  }
  return (terms: string[]) =>
    ms
      .search(terms.join(" "), {
        boost: { title: 2, text: 1, meta: 1.5 },
        combineWith: "OR",
        prefix: false,
        fuzzy: false,
      })
      .map((m) => ({ id: m.id, score: m.score }));
}

const QUERIES = [
  tokenize("人工智能算力"),
  tokenize("低空经济无人机"),
  tokenize("科技创新企业发展"),
  tokenize("王小明的提案"),
  ["没有这个词"],
];
/** (id, score) pairs by descending score, ties by id, scores to 9 decimals (MiniSearch orders ties by first match). */
const scores = (ms: { id: number; score: number }[]) =>
  ms
    .map((m) => [m.id, Number(m.score.toFixed(9))] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);

describe("section index over the compact term store", () => {
  it("scores exactly like plain MiniSearch when every term is retrieved", () => {
    const full = SectionIndex.build(CORPUS, {
      postingBudget: Number.POSITIVE_INFINITY,
      candidates: 1000,
    });
    const expected = reference();
    for (const q of QUERIES)
      expect(scores(full.search(q, { limit: 1000 }))).toEqual(scores(expected(q)));
  });

  it("scores candidates exactly when common terms are left out of retrieval", () => {
    const pruned = SectionIndex.build(CORPUS, {
      postingBudget: 20,
      candidates: 1000,
    });
    const expected = reference();
    for (const q of QUERIES) {
      const want = new Map(expected(q).map((m) => [m.id, m.score]));
      for (const m of pruned.search(q, { limit: 1000 }))
        expect(m.score).toBeCloseTo(want.get(m.id) ?? Number.NaN, 9);
    }
    // A rare term decides the first hit.
    expect(pruned.search(tokenize("科技创新低空经济"))[0]?.id).toBe(53);
  });

  it("gives the same results after indexing one by one, after a bulk build, and after a snapshot round trip", () => {
    const bulk = SectionIndex.build(CORPUS);
    const incremental = SectionIndex.empty();
    for (const { reply: r, sections } of CORPUS) incremental.addReply(r, sections);
    const restored = SectionIndex.fromSnapshot(incremental.toSnapshot());
    for (const q of QUERIES) {
      const want = scores(bulk.search(q));
      expect(scores(incremental.search(q))).toEqual(want);
      expect(scores(restored.search(q))).toEqual(want);
    }
  });

  it("reads document frequencies, and forgets removed sections", () => {
    const index = SectionIndex.build(CORPUS);
    expect(index.documentFrequency("算力")).toBe(12);
    expect(index.documentFrequency("无人")).toBe(1);
    expect(index.documentFrequency("王小")).toBe(16);
    expect(index.idf("无人")).toBeGreaterThan(index.idf("算力"));
    index.removeSections([53]);
    expect(index.has(53)).toBe(false);
    expect(index.search(tokenize("低空经济"))).toEqual([]);
    // The live index forgets at once, not only after a snapshot's clean-up.
    expect(index.documentFrequency("无人")).toBe(0);
    expect(index.documentFrequency("王小")).toBe(16);
    expect(index.size).toBe(47);
    const compacted = SectionIndex.fromSnapshot(index.toSnapshot());
    expect(compacted.documentFrequency("无人")).toBe(0);
    expect(compacted.size).toBe(47);
  });

  it("replaces a section indexed again under the same id", () => {
    const index = SectionIndex.build(CORPUS);
    index.addReply(CORPUS[0]?.reply as ReplySummary, [
      { id: 1, title: "引言", text: "量子通信网络建设" },
    ]);
    expect(index.search(tokenize("量子通信")).map((m) => m.id)).toEqual([1]);
    expect(index.size).toBe(48);
  });

  it("keeps scores positive and equal to a fresh build's while one reply is revised again and again", () => {
    const index = SectionIndex.build(CORPUS);
    const corpus = CORPUS.map((r) => ({ ...r, sections: [...r.sections] }));
    let nextId = 1000;
    for (let revision = 0; revision < 80; revision++) {
      const target = corpus[0] as (typeof corpus)[number];
      const old = target.sections.map((s) => s.id);
      target.sections = target.sections.map((s) => ({
        ...s,
        id: nextId++,
        text: `${s.text}第${revision}次修订。`,
      }));
      // As the search service applies a revision: old sections out, new ones in.
      index.removeSections(old);
      index.addReply(target.reply, target.sections);
    }
    const fresh = SectionIndex.build(corpus);
    expect(index.statistics()).toEqual(fresh.statistics());
    for (const q of QUERIES) {
      const got = index.search(q);
      expect(got.every((m) => m.score > 0)).toBe(true);
      expect(scores(got)).toEqual(scores(fresh.search(q)));
    }
  });
});
