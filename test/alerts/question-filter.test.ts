import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  liveQuestionContext,
  type QuestionFilterContext,
  questionToFilter,
} from "../../src/alerts/question-filter.ts";
import { MAX_WORD_LENGTH, parseSubscriptionFilter } from "../../src/alerts/subscription-filter.ts";
import { type MatchableReply, SubscriptionMatcher } from "../../src/alerts/subscription-matcher.ts";
import { normalizeForSearch, tokenize } from "../../src/search/tokenizer.ts";
import { openTestApp } from "../helpers/app.ts";
import { VARIETY_DIR, varietyReplies } from "./alert-fixtures.ts";

/** The fixture replies by file name, and an idf over their sections (a fake of the live index's). */
let replies: Map<string, MatchableReply>;
let context: QuestionFilterContext;

beforeAll(() => {
  replies = varietyReplies();
  const df = new Map<string, number>();
  let sections = 0;
  for (const reply of replies.values())
    for (const s of reply.sections) {
      sections++;
      for (const t of new Set(tokenize(`${s.title} ${s.text}`))) df.set(t, (df.get(t) ?? 0) + 1);
    }
  context = {
    idf: (t) => Math.log(1 + (sections - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5)),
    known: (t) => (df.get(t) ?? 0) > 0,
    documentFrequency: (t) => df.get(t) ?? 0,
  };
});

/** True when the filter made from `filterText` holds for the reply. */
function matches(filterText: string, reply: MatchableReply): boolean {
  const matcher = new SubscriptionMatcher([{ id: 1, filter: parseSubscriptionFilter(filterText) }]);
  return matcher.match(reply).length > 0;
}

/** Share of the variety questions whose answering reply matches the filter `toFilter` makes of them. */
function ownReplyShare(toFilter: (q: string) => string): { matched: number; total: number } {
  const lines = readFileSync(path.join(VARIETY_DIR, "questions.jsonl"), "utf8").split("\n");
  let matched = 0;
  let total = 0;
  for (const line of lines.filter((l) => l.trim())) {
    const { q, docs } = JSON.parse(line) as { q: string; docs: string[] };
    if (docs.length === 0) continue;
    total++;
    const own = docs.map((d) => replies.get(d)).filter((r) => r !== undefined);
    try {
      if (own.some((r) => matches(toFilter(q), r))) matched++;
    } catch {
      // Refused (too long): counts as no match.
    }
  }
  return { matched, total };
}

/** Realistic questions, written for this test: place, year and kind each where asked. */
const QUESTIONS: readonly { q: string; place?: string; year?: number; kind?: string }[] = [
  { q: "通山县今年给留守儿童建了多少个托管中心？", place: "通山县" },
  { q: "杭州市公共自行车的免费骑行时间延长到多少分钟了", place: "杭州市" },
  { q: "成都高新区人才公寓一共配租了多少套" },
  {
    q: "浏阳市2024年的政协提案里关于农村污水处理是怎么答复的",
    place: "浏阳市",
    year: 2024,
    kind: "提案",
  },
  { q: "人大代表建议加快老旧小区改造，住建局是怎么回复的", kind: "建议" },
  { q: "乡村医生的养老保险补贴每人每月有多少钱" },
  { q: "社区食堂给老年人用餐补贴是否已经落实" },
  { q: "青岛地铁6号线什么时候通车", place: "青岛市" },
  { q: "义乌小商品市场夜市延长营业时间了吗", place: "义乌市" },
  { q: "中小学课后服务收费标准是多少" },
  { q: "新能源汽车充电桩在农村覆盖率达到多少" },
  { q: "湖北省有哪些县开展了耕地轮作休耕试点", place: "湖北省" },
];

describe("questionToFilter", () => {
  it.each(QUESTIONS)(
    "$q → a filter that parses, keeps its place, year and kind, 1–3 keywords of the question",
    ({ q, place, year, kind }) => {
      const text = questionToFilter(q, context);
      const filter = parseSubscriptionFilter(text);
      expect(filter.keywords.length).toBeGreaterThanOrEqual(1);
      expect(filter.keywords.length).toBeLessThanOrEqual(3);
      const question = normalizeForSearch(q);
      for (const k of filter.keywords) {
        expect(question).toContain(k);
        expect([...k].length).toBeLessThanOrEqual(MAX_WORD_LENGTH);
        expect(k).not.toMatch(/多少|哪些|怎么|如何|是否|什么|吗|呢|情况/);
      }
      if (place) expect(filter.place).toBe(place);
      if (year) expect(filter.year).toBe(year);
      if (kind) expect(filter.proposalKind).toBe(kind);
    },
  );

  it("keeps a compound word whole when the index knows it (家庭病床, not 家庭 and 病床)", () => {
    const filter = parseSubscriptionFilter(questionToFilter("鄞州区建了多少张家庭病床", context));
    expect(filter.keywords).toContain("家庭病床");
    expect(filter.place).toBe("鄞州区");
  });

  it("subscribes a township's question to its county, and names no place for two unrelated ones", () => {
    const township = parseSubscriptionFilter(questionToFilter("白蒲镇的排水管换了多粗的", context));
    expect(township.place).toBe("如皋市");
    expect(township.keywords).toContain("排水管");
    const two = parseSubscriptionFilter(questionToFilter("杭州和成都的公租房租金是多少", context));
    expect(two.place).toBeNull();
    expect(two.keywords.join(" ")).not.toMatch(/杭州|成都/);
  });

  it("subscribes a question about a thing called after a place to the thing, not to the place", () => {
    for (const [question, thing] of [
      ["南京大学周边的夜间公交有几条", "南京大学"],
      ["湖北省图书馆周末几点闭馆", "湖北省图书馆"],
      ["兰州交通大学的宿舍有空调吗", "兰州交通大学"],
    ] as const) {
      const filter = parseSubscriptionFilter(questionToFilter(question, context));
      expect(filter.place, question).toBeNull();
      expect(filter.keywords[0], question).toBe(thing);
    }
    const place = parseSubscriptionFilter(
      questionToFilter("南京的大学周边有几条夜间公交", context),
    );
    expect(place.place).toBe("南京市");
  });

  it("keeps a year asked of replies, not a year of the facts asked", () => {
    const ofReplies = parseSubscriptionFilter(
      questionToFilter("2024年关于养老服务的提案答复", context),
    );
    expect(ofReplies.year).toBe(2024);
    expect(ofReplies.proposalKind).toBe("提案");
    const ofFacts = parseSubscriptionFilter(questionToFilter("2023年建了多少张家庭病床", context));
    expect(ofFacts.year).toBeNull();
    expect(ofFacts.keywords).toEqual(["家庭病床"]);
  });

  it("never refuses a long question: the filter has at most the keywords wanted", () => {
    const long = `${"关于进一步加强和改进农村寄宿制学校学生营养改善计划的落实情况，".repeat(6)}现在进展如何？`;
    const filter = parseSubscriptionFilter(questionToFilter(long, context));
    expect(filter.keywords.length).toBeGreaterThanOrEqual(1);
    expect(filter.keywords.length).toBeLessThanOrEqual(2);
  });

  it("the reply answering a variety question matches the filter made of that question far more often than the whole question does", () => {
    const before = ownReplyShare((q) => q);
    const after = ownReplyShare((q) => questionToFilter(q, context));
    console.info(
      `own reply matched: whole question ${before.matched}/${before.total}, questionToFilter ${after.matched}/${after.total}`,
    );
    expect(after.matched).toBeGreaterThan(before.matched);
    expect(after.matched / after.total).toBeGreaterThanOrEqual(0.85);
  });

  it("does as well over the live search index of the variety replies (app.search.index)", async () => {
    const { app, cleanup } = await openTestApp(VARIETY_DIR);
    try {
      const live = liveQuestionContext(app.search);
      const after = ownReplyShare((q) => questionToFilter(q, live));
      console.info(`own reply matched (live index): ${after.matched}/${after.total}`);
      expect(after.matched / after.total).toBeGreaterThanOrEqual(0.85);
    } finally {
      await cleanup();
    }
  });
});
