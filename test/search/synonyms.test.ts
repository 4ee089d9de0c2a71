import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import { analyzeQuestion, searchTerms } from "../../src/search/query-analysis.ts";
import { judgeRelevance, profileQuestion } from "../../src/search/relevance.ts";
import {
  equivalentsOf,
  findEquivalences,
  SYNONYM_GROUPS,
  wordsWithEquivalents,
} from "../../src/search/synonyms.ts";
import { questionTermWeights } from "../../src/search/term-weights.ts";
import { tokenize } from "../../src/search/tokenizer.ts";
import { openTestApp } from "../helpers/app.ts";
import { tempDir } from "../helpers/corpus.ts";
import { writeFixtureReplies } from "../helpers/fixture-replies.ts";

/** Corpus statistics over a handful of texts, as the index would give them. */
function statsOver(texts: readonly string[]) {
  const docs = texts.map((t) => new Set(tokenize(t)));
  const documentFrequency = (term: string) => docs.filter((d) => d.has(term)).length;
  return {
    documentFrequency,
    idf: (term: string) =>
      Math.log(1 + (docs.length - documentFrequency(term) + 0.5) / (documentFrequency(term) + 0.5)),
  };
}

describe("the equivalence list", () => {
  it("holds a few hundred groups of distinct Chinese words of two characters or more", () => {
    expect(SYNONYM_GROUPS.length).toBeGreaterThan(200);
    for (const group of SYNONYM_GROUPS) {
      expect(new Set(group).size, group.join(" ")).toBe(group.length);
      for (const word of group) expect(word, group.join(" ")).toMatch(/^[\p{Script=Han}\d]{2,}$/u);
    }
  });

  it("covers health, transport, schools, housing, water, power, jobs and elderly care", () => {
    const pairs: [string, string][] = [
      ["看病", "就医"],
      ["修路", "道路建设"],
      ["上学", "入学"],
      ["装电梯", "加装电梯"],
      ["自来水", "供水"],
      ["停电", "供电中断"],
      ["找工作", "就业"],
      ["养老院", "养老机构"],
      ["噪音", "噪声"],
    ];
    for (const [everyday, formal] of pairs) {
      expect(equivalentsOf(everyday)).toContain(formal);
      expect(equivalentsOf(formal)).toContain(everyday);
    }
  });

  it("reads every word with equivalents, longest first", () => {
    expect(wordsWithEquivalents("农村看病难的问题")).toEqual(["看病难", "看病", "农村"]);
    expect(wordsWithEquivalents("企业研发投入")).toEqual([]);
  });
});

describe("equivalences of a question", () => {
  const known = (t: string) => ["就医", "入学", "就学"].includes(t) || !/看病|上学/.test(t);

  it("keeps only equivalents the corpus can match, and says when they stand in for the word", () => {
    const [sick] = findEquivalences("老人看病", (t) => t === "就医" || t === "老人");
    expect(sick).toMatchObject({ word: "看病", terms: ["看病"], replaces: true });
    expect(sick?.alternatives).toEqual([["就医"]]);
    const [school] = findEquivalences("孩子上学", () => true);
    expect(school).toMatchObject({ word: "上学", replaces: false });
    expect(findEquivalences("看病", () => false)).toEqual([]);
  });

  it("searches the equivalents with the question's own terms", () => {
    const q = analyzeQuestion("农民工子女上学难怎么办", { known });
    expect(q.terms).toContain("上学");
    expect(searchTerms(q)).toEqual(expect.arrayContaining(["上学", "入学", "就学"]));
    expect(analyzeQuestion("研发投入多少", { known }).equivalences).toEqual([]);
  });
});

describe("judging a passage with equivalents", () => {
  const passages = [
    "推进分级诊疗，方便群众就医，基层就医比例达到65%。",
    "全市公共文化设施达到120处。",
    "全市新建学校18所。",
  ];
  const stats = statsOver(passages);
  const profileOf = (text: string) => {
    const q = analyzeQuestion(text, { known: (t) => stats.documentFrequency(t) > 0 });
    const weights = questionTermWeights(q.terms, stats, q.equivalences);
    return { q, profile: profileQuestion(weights, stats, q.equivalences) };
  };

  it("answers an everyday word the corpus never uses with its formal equivalent", () => {
    const { profile } = profileOf("群众看病比例");
    expect(profile.missingConcept).toBe(0);
    const found = new Set(["群众", "就医", "比例"]);
    expect(judgeRelevance(found, profile).accepted).toBe(true);
  });

  it("weighs an equivalent below the user's own word", () => {
    const { profile } = profileOf("群众就医比例");
    const own = judgeRelevance(new Set(["群众", "就医", "比例"]), profile).coverage;
    const { profile: everyday } = profileOf("群众看病比例");
    expect(everyday.weights.get("就医")).toBeLessThan(profile.weights.get("就医") ?? 0);
    expect(own).toBeGreaterThan(0);
  });

  it("still finds nothing when the question's key word has no equivalent the corpus uses", () => {
    const { profile } = profileOf("群众滑雪比例");
    expect(judgeRelevance(new Set(["群众", "就医", "比例"]), profile).accepted).toBe(false);
  });
});

describe("paraphrased questions over replies", () => {
  let answerer: Answerer;
  let cleanup: () => Promise<void>;
  const corpus = tempDir();

  beforeAll(async () => {
    const dir = path.join(corpus.dir, "replies");
    writeFixtureReplies(dir, [
      {
        docNumber: "沪测复〔2024〕21号",
        number: "0401",
        title: "关于方便老年人就医的建议",
        topics: [
          [
            "老年人就医",
            "全市已有326家医院为老年人开通就医绿色通道，预约诊疗号源预留比例不低于20%。",
          ],
          ["家庭医生签约", "全市家庭医生签约老年人达到210万人。"],
        ],
        date: "2024-05-10",
      },
      {
        docNumber: "沪测复〔2024〕22号",
        number: "0402",
        title: "关于加快道路建设的建议",
        topics: [["道路建设", "今年计划完成道路建设项目48个，新增道路里程36公里。"]],
        date: "2024-06-11",
      },
    ]);
    const opened = await openTestApp(dir);
    cleanup = opened.cleanup;
    answerer = createAnswerer(opened.app, { pageSize: 3 });
  });
  afterAll(async () => {
    await cleanup();
    corpus.cleanup();
  });

  it("finds the formal passage for an everyday question", async () => {
    const reply = await answerer.answer({ text: "有多少家医院给老年人开了看病绿色通道" });
    expect(reply.kind).toBe("answer");
    if (reply.kind === "answer") expect(reply.items[0]?.excerpt).toContain("326家");
    const road = await answerer.answer({ text: "今年修路项目有几个" });
    expect(road.kind).toBe("answer");
    if (road.kind === "answer") expect(road.items[0]?.excerpt).toContain("48个");
  });

  it("lends the terms of a word the corpus lacks to its equivalents", () => {
    const known = (t: string) => ["养老", "老机", "机构", "全市"].includes(t);
    const [home] = analyzeQuestion("全市养老院有多少家", { known }).equivalences;
    expect(home).toMatchObject({ word: "养老院", replaces: true });
    expect(home?.alternatives).toContainEqual(["养老", "老机", "机构"]);
  });

  it("gives no answer when the key word is not in the corpus in any form", async () => {
    const reply = await answerer.answer({ text: "老年人滑雪场有多少家" });
    expect(reply.kind).toBe("no_answer");
  });
});
