import { describe, expect, it } from "vitest";
import { DATE, DURATION, TIME_OF_DAY } from "../../src/search/excerpt.ts";
import {
  analyzeQuestion,
  cleanQuestion,
  isListingQuestion,
  MAX_QUESTION_LENGTH,
} from "../../src/search/query-analysis.ts";
import { questionTermWeights } from "../../src/search/term-weights.ts";

const ISSUERS = ["上海市科学技术委员会", "上海市杨浦区人民政府"];
const analyze = (q: string) => analyzeQuestion(q, { issuers: ISSUERS });

describe("question analysis", () => {
  it("drops question words so they neither match nor glue onto content words", () => {
    const { terms } = analyze("上海科技型企业贷款余额有多少");
    expect(terms).not.toContain("多少");
    expect(terms).not.toContain("额有");
    expect(terms).toEqual(expect.arrayContaining(["贷款", "余额"]));
    expect(analyze("长三角建设进展如何").terms).not.toContain("如何");
    expect(analyze("是否支持小微企业").terms).not.toContain("是否");
  });

  it("treats a year as a filter only when the question is about replies", () => {
    const listing = analyze("2023年的答复");
    expect(listing).toMatchObject({ strictFilters: true, filters: { year: 2023 } });
    expect(isListingQuestion(listing)).toBe(true);
    const fact = analyze("区科委2022年政策培训了多少人次");
    expect(fact).toMatchObject({ strictFilters: false, filters: { year: 2022 } });
    expect(fact.terms).toContain("2022");
  });

  it("recognises issuers by name or abbreviation", () => {
    expect(analyze("市科委答复了哪些提案").filters.issuer).toBe("市科委");
    expect(analyze("杨浦区的会办意见").filters.issuer).toBe("杨浦区");
    expect(analyze("区科委2022年政策培训了多少人次").filters.issuer).toBeNull();
  });

  it("recognises the kind of proposal", () => {
    expect(analyze("姜雪峰等委员的提案").filters.proposalKind).toBe("提案");
    expect(analyze("季昕华代表建议的答复").filters.proposalKind).toBe("建议");
    expect(analyze("关于人才的建议").filters.proposalKind).toBeNull();
  });

  it("notices a 文号 inside the question", () => {
    const q = analyze("沪科提复〔2023〕45号里说高新技术企业有多少家");
    expect(q.filters.docNumber).toEqual({ prefix: "沪科提复", year: 2023, serial: 45 });
    expect(q.terms).not.toContain("2023");
  });

  it("knows quantity and latest questions", () => {
    expect(analyze("揭榜方主体中高校院所占比多少").wantsQuantity).toBe(true);
    expect(analyze("长三角建设进展如何").wantsQuantity).toBe(false);
    expect(analyze("市科委最新的答复").wantsLatest).toBe(true);
  });

  it("knows what unit the figure asked for is in", () => {
    expect(analyze("每台补贴多少钱").unit).toBe("元");
    expect(analyze("末班车延到几点").unit).toBe(TIME_OF_DAY);
    expect(analyze("什么时候能完工").unit).toBe(DATE);
    expect(analyze("准备新装多少盏路灯").unit).toBe("盏");
    expect(analyze("什么时候能完工").terms).not.toContain("时候");
    expect(analyze("末班车延到几点").wantsQuantity).toBe(true);
  });

  it("counts with the measure word after 给多少, and reads 多久 as a length of time", () => {
    expect(analyze("今年准备给多少个村通自来水").unit).toBe("个");
    expect(analyze("每个孩子给多少钱").unit).toBe("元");
    expect(analyze("给多少补贴").unit).toBe("元");
    expect(analyze("办营业执照要等多长时间").unit).toBe(DURATION);
    expect(analyze("新桥多久能修好").unit).toBe(DURATION);
  });

  it("drops everyday fillers and the 点 of 几点, which only glue onto content words", () => {
    const { terms } = analyze("城南那边的夜市现在一般几点收摊");
    expect(terms).toEqual(expect.arrayContaining(["城南", "夜市", "收摊"]));
    for (const junk of ["那边", "边的", "现在", "一般", "点收", "般几"])
      expect(terms).not.toContain(junk);
    expect(analyze("老街那边打算什么时候修路").terms).toEqual(["老街", "修路"]);
  });

  it("carries the qualifiers of the figure asked", () => {
    expect(analyze("游泳馆晚上包场一个月多少钱").figureQualifiers).toEqual({
      per: "月",
      partOfDay: "evening",
      changedTo: false,
      range: false,
    });
    expect(analyze("渡口的末班船现在推迟到几点了").figureQualifiers.changedTo).toBe(true);
  });

  it("takes the period of a rate asked as part of the question, keeping 每 words to match", () => {
    const monthly = analyze("游泳馆一个月多少钱").terms;
    expect(monthly).toEqual(["游泳", "泳馆"]);
    expect(analyze("游泳馆每月多少钱").terms).toContain("每月");
    expect(analyze("第一年补贴多少钱").terms).toContain("一年");
    expect(analyze("游泳馆2021年一个月多少钱").terms).toEqual(["游泳", "泳馆", "2021"]);
  });

  it("knows a question asking who made a proposal", () => {
    expect(analyze("停车场那条建议是哪几位代表提的").asksWho).toBe(true);
    expect(analyze("这个提案是谁提的").asksWho).toBe(true);
    expect(analyze("停车场建了几个车位").asksWho).toBe(false);
  });

  it("weighs a stretch of overlapping bigrams the corpus never uses once", () => {
    const corpus = new Set(["学校", "停车", "车场", "进出"]);
    const stats = {
      documentFrequency: (t: string) => (corpus.has(t) ? 1 : 0),
      idf: (t: string) => (corpus.has(t) ? 1 : 5),
    };
    const { terms } = analyzeQuestion("学校下面修停车场", { known: (t) => corpus.has(t) });
    const weights = questionTermWeights(terms, stats);
    // 下面, 面修, 修停: one unknown stretch.
    expect(["校下", "下面", "面修", "修停"].map((t) => weights.get(t))).toEqual([5, 0, 0, 0]);
    expect(weights.get("停车")).toBe(1);
    // 转成企业 after a known 户转: 转成, 成企 leave one character of their own, a seam.
    const seam = questionTermWeights(["户转", "转成", "成企", "企业"], {
      documentFrequency: (t) => (["户转", "企业"].includes(t) ? 1 : 0),
      idf: () => 5,
    });
    expect([seam.get("转成"), seam.get("成企")]).toEqual([0, 0]);
  });

  it("cleans markup and control characters and caps the length", () => {
    expect(cleanQuestion("<b>高新</b>技术\u0000企业\u200b").text).toBe("高新 技术 企业");
    const long = cleanQuestion("科技".repeat(5000));
    expect(long.truncated).toBe(true);
    expect([...long.text]).toHaveLength(MAX_QUESTION_LENGTH);
  });
});
