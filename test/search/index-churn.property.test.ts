import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import {
  type IndexableSection,
  replyMetaText,
  type SearchPlan,
  SectionIndex,
} from "../../src/search/section-index.ts";
import { tokenize } from "../../src/search/tokenizer.ts";
import type { ReplySummary } from "../../src/storage/reply.repository.ts";
import { replySummary } from "../helpers/reply-summary.ts";

/**
 * Property: whatever sequence of adds, revisions and removals the live index
 * goes through, its statistics and every score equal a fresh build's over
 * the final corpus, and plain MiniSearch's own search() over the same
 * documents.
 */

/** mulberry32: a small seeded PRNG, so a failure replays. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]) => items[int(items.length)] as T };
}
type Rng = ReturnType<typeof prng>;

/** A fixed vocabulary: common words (in many sections) and rarer ones, as in the replies. */
const COMMON = ["科技", "创新", "企业", "发展", "建设", "推进", "工作", "服务", "体系"];
const RARE = [
  ...["人工智能", "算力平台", "低空经济", "无人机", "物流航线", "人才培养", "高校", "集成电路"],
  ...["流片补贴", "生物医药", "临床试验", "数据安全", "公交线路", "养老服务", "社区食堂"],
  ...["义务教育", "农村供水", "水利工程", "生态保护", "文化旅游", "财政资金", "营商环境"],
  ...["知识产权", "跨境电商", "冷链物流", "充电设施", "老旧小区", "垃圾分类", "河湖长制"],
];
const PEOPLE = ["王小明", "李华", "赵六", "孙七", "周敏", "吴刚"];
const ISSUERS = ["市科学技术委员会", "市经济和信息化委员会", "市教育委员会", "区人民政府"];

function sentence(rng: Rng, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    parts.push(rng.next() < 0.55 ? rng.pick(COMMON) : rng.pick(RARE));
    if (rng.next() < 0.2) parts.push(`${1 + rng.int(500)}${rng.pick(["家", "个", "万元", "%"])}`);
    if (rng.next() < 0.3) parts.push(rng.pick(["，", "。", "、"]));
  }
  return parts.join("");
}

function summary(rng: Rng, id: number): ReplySummary {
  return replySummary(id, {
    docNumber: rng.next() < 0.8 ? `测复〔${2020 + rng.int(5)}〕${id}号` : null,
    issuer: rng.pick(ISSUERS),
    proposalKind: rng.pick(["建议", "提案"] as const),
    proposalNumber: String(100 + rng.int(900)),
    proposers: [rng.pick(PEOPLE), ...(rng.next() < 0.3 ? [rng.pick(PEOPLE)] : [])],
    proposalTitle: `关于${rng.pick(RARE)}的建议`,
    date: "2024-01-01",
  });
}

type Reply = { reply: ReplySummary; sections: IndexableSection[] };
type Doc = { id: number; title: string; text: string; meta: string };

const FIELDS = ["title", "text", "meta"];
const BOOST = { title: 2, text: 1, meta: 1.5 };
const split = (text: string) => (text.length === 0 ? [] : text.split(" "));
const joined = (text: string) => tokenize(text).join(" ");
const EXHAUSTIVE: SearchPlan = { postingBudget: Number.POSITIVE_INFINITY, candidates: 10_000 };

/** The corpus as the database holds it, and the same operations on the live index and on plain MiniSearch. */
class Harness {
  readonly replies = new Map<number, Reply>();
  private nextReply = 1;
  private nextSection = 1;
  index: SectionIndex;

  constructor(
    private readonly rng: Rng,
    initial: number,
    plan: SearchPlan,
  ) {
    for (let i = 0; i < initial; i++) this.store(this.newReply());
    this.index = SectionIndex.build(this.replies.values(), plan);
  }

  /** One random operation: add a reply (35%), revise one (45%) or remove one (20%). */
  step(): void {
    const roll = this.rng.next();
    const ids = [...this.replies.keys()];
    if (roll < 0.35 || ids.length === 0) this.add(this.newReply());
    else if (roll < 0.8) this.revise(this.rng.pick(ids));
    else this.remove(this.rng.pick(ids));
  }

  /** A fresh build over the final corpus. */
  fresh(): SectionIndex {
    return SectionIndex.build(this.replies.values(), EXHAUSTIVE);
  }

  /** Plain MiniSearch, with the index's options, over the final corpus. */
  plain(): MiniSearch<Doc> {
    const plain = new MiniSearch<Doc>({ fields: FIELDS, tokenize: split, processTerm: (t) => t });
    for (const { reply, sections } of this.replies.values()) {
      const meta = joined(replyMetaText(reply));
      for (const s of sections)
        plain.add({ id: s.id, title: joined(s.title), text: joined(s.text), meta });
    }
    return plain;
  }

  revise(replyId: number): void {
    const old = this.replies.get(replyId) as Reply;
    const reply = this.rng.next() < 0.3 ? summary(this.rng, replyId) : old.reply;
    const sections: IndexableSection[] = [];
    for (const s of old.sections) {
      const roll = this.rng.next();
      if (roll < 0.2) continue; // dropped
      if (roll < 0.5) sections.push({ ...s, id: this.nextSection++, text: this.text() });
      else if (roll < 0.8)
        sections.push({ ...s, text: this.text() }); // same id, new text
      else sections.push(s);
    }
    for (let n = this.rng.int(3); n > 0; n--) sections.push(this.section());
    const updated = { reply, sections };
    const kept = new Set(sections.map((s) => s.id));
    if (this.rng.next() < 0.5) {
      // As the search service does: drop every old section, index the new ones.
      this.index.removeSections(old.sections.map((s) => s.id));
    } else {
      this.index.removeSections(old.sections.filter((s) => !kept.has(s.id)).map((s) => s.id));
    }
    this.index.addReply(reply, sections);
    this.store(updated);
  }

  private add(r: Reply): void {
    this.index.addReply(r.reply, r.sections);
    this.store(r);
  }

  private remove(replyId: number): void {
    const old = this.replies.get(replyId) as Reply;
    this.index.removeSections(old.sections.map((s) => s.id));
    this.replies.delete(replyId);
  }

  private store(r: Reply): void {
    this.replies.set(r.reply.id, r);
  }

  private newReply(): Reply {
    const sections = Array.from({ length: 1 + this.rng.int(5) }, () => this.section());
    return { reply: summary(this.rng, this.nextReply++), sections };
  }

  private section(): IndexableSection {
    return { id: this.nextSection++, title: this.title(), text: this.text() };
  }

  private title(): string {
    return this.rng.next() < 0.2 ? "" : `关于${this.rng.pick(RARE)}${this.rng.pick(COMMON)}`;
  }

  private text(): string {
    return sentence(this.rng, 3 + this.rng.int(30));
  }
}

/** Questions: single words, pairs and longer mixes, rare and common, plus names. */
function queries(rng: Rng): string[][] {
  const words = [...COMMON, ...RARE, ...PEOPLE];
  const out = words.map((w) => tokenize(w));
  for (let i = 0; i < 40; i++)
    out.push(tokenize(Array.from({ length: 2 + rng.int(4) }, () => rng.pick(words)).join("")));
  return out.map((q) => [...new Set(q)]);
}

const byId = (matches: readonly { id: number; score: number }[]) =>
  new Map(matches.map((m) => [m.id, m.score]));

function expectSameScores(
  actual: ReadonlyMap<number, number>,
  expected: ReadonlyMap<number, number>,
  what: string,
) {
  expect(
    [...actual.keys()].sort((a, b) => a - b),
    what,
  ).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const [id, score] of actual) {
    const want = expected.get(id) as number;
    if (Math.abs(score - want) > 1e-9) expect(score, `${what}: section ${id}`).toBe(want);
  }
}

/** Every check against a fresh build and plain MiniSearch. */
function expectLikeFresh(h: Harness, qs: readonly string[][], live: SectionIndex) {
  const fresh = h.fresh();
  const plain = h.plain();
  expect(live.statistics()).toEqual(fresh.statistics());
  expect(live.size).toBe(plain.documentCount);
  const terms = [...new Set(qs.flat())];
  expect(terms.map((t) => live.documentFrequency(t))).toEqual(
    terms.map((t) => fresh.documentFrequency(t)),
  );
  for (const q of qs) {
    const mine = live.search(q, { limit: 10_000 });
    const notPositive = mine.filter((m) => !(m.score > 0));
    if (notPositive.length > 0) expect(notPositive, q.join(" ")).toEqual([]);
    expectSameScores(byId(mine), byId(fresh.search(q, { limit: 10_000 })), `fresh: ${q}`);
    const theirs = plain.search(q.join(" "), { boost: BOOST, combineWith: "OR" });
    expectSameScores(byId(mine), byId(theirs), `MiniSearch: ${q}`);
  }
}

describe("index statistics under churn (property)", () => {
  const policies: [string, SearchPlan][] = [
    ["without compaction", EXHAUSTIVE],
    ["compacting often", { ...EXHAUSTIVE, compaction: { minChurn: 40, churnShare: 0.2 } }],
    [
      "compacting when the overlay grows",
      {
        ...EXHAUSTIVE,
        compaction: { minChurn: 1e9, churnShare: 1, minOverlayTerms: 0, overlayShare: 0.3 },
      },
    ],
  ];
  for (const [name, plan] of policies) {
    for (const seed of [1, 2]) {
      it(`matches a fresh build and MiniSearch after 300 random operations, ${name} (seed ${seed})`, () => {
        const rng = prng(seed);
        const h = new Harness(rng, 30, plan);
        const qs = queries(rng);
        for (let i = 1; i <= 300; i++) {
          h.step();
          if (i % 150 === 0) expectLikeFresh(h, qs, h.index);
        }
        if (plan.compaction) expect(h.index.footprint().compactions).toBeGreaterThan(0);
        // A snapshot of the churned index restores the same index.
        expectLikeFresh(h, qs, SectionIndex.fromSnapshot(h.index.toSnapshot(), EXHAUSTIVE));
        expectLikeFresh(h, qs, h.index);
      });
    }
  }

  it("scores the candidates it returns exactly when common terms are pruned", () => {
    const rng = prng(7);
    const h = new Harness(rng, 40, { postingBudget: 30, candidates: 20 });
    const qs = queries(rng);
    for (let i = 0; i < 200; i++) h.step();
    const fresh = h.fresh();
    for (const q of qs) {
      const want = byId(fresh.search(q, { limit: 10_000 }));
      for (const m of h.index.search(q, { limit: 20 }))
        expect(Math.abs(m.score - (want.get(m.id) ?? Number.NaN)), q.join(" ")).toBeLessThan(1e-9);
    }
  });

  it("stays exact and bounded when one reply is revised hundreds of times", () => {
    const rng = prng(11);
    const h = new Harness(rng, 60, DEFAULT_LIKE);
    const qs = queries(rng);
    const target = [...h.replies.keys()][0] as number;
    let widest = 0;
    for (let i = 1; i <= 400; i++) {
      h.revise(target);
      const { documents, nextId, removedIds } = h.index.footprint();
      widest = Math.max(widest, nextId - documents, removedIds);
    }
    expectLikeFresh(h, qs, h.index);
    // Compaction keeps short ids and removed ids within the policy's churn bound (100, plus one revision).
    expect(h.index.footprint().compactions).toBeGreaterThan(0);
    expect(widest).toBeLessThan(110);
  });
});

/** The default policy's shape, scaled to a small corpus. */
const DEFAULT_LIKE: SearchPlan = {
  ...EXHAUSTIVE,
  compaction: { minChurn: 100, churnShare: 0.25 },
};
