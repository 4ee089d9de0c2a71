import { describe, expect, it } from "vitest";
import {
  DATE,
  type Excerpt,
  MAX_EXCERPT_LENGTH,
  selectExcerpt,
  selectExcerpts,
  selectFigureExcerpt,
  TIME_OF_DAY,
} from "../../src/search/excerpt.ts";
import { type FigureQualifiers, NO_QUALIFIERS } from "../../src/search/figure-asked.ts";
import { tokenize } from "../../src/search/tokenizer.ts";

const weight = () => 1;
const excerptFor = (text: string, question: string, wantsQuantity = true) =>
  selectExcerpt(text, [...new Set(tokenize(question))], { weight, wantsQuantity });

const LONG_SENTENCE =
  "杨浦现有国家级大学科技园7家（占上海50%、全国5%），国家级工程技术研究中心3家、重点实验室11家、企业技术中心5家，“专精特新”小巨人企业23家、市科技小巨人（培育）企业122家，区级科技小巨人企业254家，区级双创小巨人49家，高新技术企业超过1200家，“专精特新”企业258家，市级孵化器31家、众创空间42家、国家级孵化器8家、市级众创空间15家、技术转移机构20家。在高校院所、公共服务平台等各类创新资源共同发力下，创新协同效应持续显现。";

describe("excerpt selection", () => {
  it("offers the best sentence with a figure in the unit asked for, beside the best sentence", () => {
    const text =
      "您反映的县道九宫山至闯王段弯多坡陡，安全隐患确实存在。我局已将该路段纳入计划，总投资约286万元。计划8月开工，10月底前完工。";
    const terms = [...new Set(tokenize("九宫山至闯王段县道投资"))];
    const options = { weight, wantsQuantity: true };
    expect(selectExcerpt(text, terms, { ...options, unit: "元" }).text).toContain("九宫山");
    expect(selectFigureExcerpt(text, terms, { ...options, unit: "元" })?.text).toContain("286万元");
    expect(selectFigureExcerpt(text, ["完工"], { ...options, unit: DATE })?.text).toContain(
      "10月底前完工",
    );
    expect(selectFigureExcerpt(text, terms, { ...options, unit: TIME_OF_DAY })).toBeNull();
    expect(selectFigureExcerpt(text, terms, { ...options, unit: null })).toBeNull();
  });

  it("reads times of day and dates as figures of those units", () => {
    const text = "末班车由18:00延后至19:30。";
    const e = selectExcerpt(text, ["末班"], { weight, wantsQuantity: true, unit: TIME_OF_DAY });
    expect(e.figure).toBe("in-unit");
  });

  it("picks the sentence that answers", () => {
    const text =
      "近年来工作稳步推进。截至2023年末，上海科技型企业贷款余额首次突破万亿元。下阶段将继续努力。";
    expect(excerptFor(text, "科技型企业贷款余额").text).toBe(
      "截至2023年末，上海科技型企业贷款余额首次突破万亿元。",
    );
  });

  it("cuts a long sentence to at most 160 characters at clause boundaries, keeping the answer", () => {
    expect(LONG_SENTENCE.indexOf("。")).toBeGreaterThan(MAX_EXCERPT_LENGTH);
    const e = excerptFor(LONG_SENTENCE, "杨浦专精特新小巨人企业");
    expect([...e.text].length).toBeLessThanOrEqual(MAX_EXCERPT_LENGTH);
    expect(e.text).toContain("小巨人企业23家");
    expect(e.text).toMatch(/…$/);
    // The cut falls after a clause mark, not inside a word.
    expect(e.text.slice(-2, -1)).toMatch(/[，、）”]/);
  });

  it("marks the matched terms as merged runs", () => {
    const e = excerptFor("上海技术交易所累计完成技术交易鉴证112亿元。", "技术交易鉴证");
    const marked = e.segments.filter((s) => s.mark).map((s) => s.text);
    expect(marked).toContain("技术交易鉴证");
    expect(e.segments.map((s) => s.text).join("")).toBe(e.text);
  });

  it("adds a second sentence when it holds more of the question", () => {
    const text = "平台累计汇聚企业需求4395项。达成对接意向1408项。其他工作也在推进。";
    expect(excerptFor(text, "平台汇聚企业需求达成对接意向").text).toBe(
      "平台累计汇聚企业需求4395项。达成对接意向1408项。",
    );
  });

  it("does not run into the next numbered item", () => {
    const text = "截至2023年底，四类计划共资助了1万余人。三是激发科技人才创新活力。";
    expect(excerptFor(text, "四类科技人才计划资助").text).toBe(
      "截至2023年底，四类计划共资助了1万余人。",
    );
  });

  it("matches numbers only whole", () => {
    const e = excerptFor("支持企业超过12600家。另有2600家企业获得补贴。", "2600家企业");
    expect(e.text).toBe("另有2600家企业获得补贴。");
  });
});

describe("excerpts with the figure a qualified question asks for", () => {
  /** The best excerpt and the figure excerpt, as search offers them. */
  const offered = (text: string, terms: string[], unit: string, qualifiers: FigureQualifiers) => {
    const options = { weight, wantsQuantity: true, unit, qualifiers };
    const best = selectExcerpt(text, terms, options);
    return best.figure === "in-unit" ? [best] : [best, selectFigureExcerpt(text, terms, options)];
  };
  const holding = (excerpts: readonly (Excerpt | null)[], figure: string) =>
    excerpts.find((e) => e?.text.includes(figure) && e.figure === "in-unit");

  it("a rate per month: the clause giving it per month, not the hourly one beside it", () => {
    const text =
      "游泳馆办卡实行计次和包月相结合的办法：单次办卡每小时15元，全天封顶40元；包月每月260元，可不限次数入场。";
    const terms = ["游泳", "泳馆", "办卡", "包月"];
    expect(holding(offered(text, terms, "元", NO_QUALIFIERS), "每月260元")).toBeUndefined();
    const monthly = { ...NO_QUALIFIERS, per: "月" };
    expect(holding(offered(text, terms, "元", monthly), "每月260元")).toBeDefined();
  });

  it("a time changed to: the sentence with the new time, not the one with the old", () => {
    const text =
      "图书馆分馆原闭馆时间为20:00，读者反映下班后来不及借书。经研究，自下月起分馆闭馆由20:00延长至21:30。";
    const terms = ["图书", "书馆", "分馆", "闭馆", "时间"];
    expect(holding(offered(text, terms, TIME_OF_DAY, NO_QUALIFIERS), "21:30")).toBeUndefined();
    const changed = { ...NO_QUALIFIERS, changedTo: true };
    expect(holding(offered(text, terms, TIME_OF_DAY, changed), "21:30")).toBeDefined();
  });

  it("a time in the evening: the evening hours, not the midday ones", () => {
    const text =
      "社区食堂午餐供应时间为11:00至13:00，满足老年人用餐需求。食堂晚餐时段为18:00至19:30。";
    const terms = ["社区", "食堂", "供应", "时间"];
    expect(holding(offered(text, terms, TIME_OF_DAY, NO_QUALIFIERS), "18:00")).toBeUndefined();
    const evening = { ...NO_QUALIFIERS, partOfDay: "evening" as const };
    expect(holding(offered(text, terms, TIME_OF_DAY, evening), "18:00")).toBeDefined();
  });

  it("offers no second excerpt that only repeats the best one", () => {
    const text = "游泳馆单次每小时15元。其他事项另行通知。";
    const options = {
      weight,
      wantsQuantity: true,
      unit: "元",
      qualifiers: { ...NO_QUALIFIERS, per: "月" },
    };
    expect(selectExcerpt(text, ["游泳", "泳馆"], options).figure).toBe("unit-only");
    expect(selectFigureExcerpt(text, ["游泳", "泳馆"], options)).toBeNull();
  });

  it("reading a section once for both excerpts offers what the two selections offer", () => {
    const text =
      "游泳馆办卡实行计次和包月相结合的办法：单次办卡每小时15元，全天封顶40元；包月每月260元，可不限次数入场。其他事项另行通知。";
    const terms = ["游泳", "泳馆", "办卡", "包月"];
    for (const qualifiers of [NO_QUALIFIERS, { ...NO_QUALIFIERS, per: "月" }]) {
      const both = selectExcerpts(text, terms, {
        weight,
        wantsQuantity: true,
        unit: "元",
        qualifiers,
      });
      const [best, withFigure = null] = offered(text, terms, "元", qualifiers);
      expect(both).toEqual({ best, withFigure });
    }
    const plain = selectExcerpts(text, terms, { weight, wantsQuantity: true, unit: null });
    expect(plain.withFigure).toBeNull();
    expect(plain.best).toEqual(selectExcerpt(text, terms, { weight, wantsQuantity: true }));
  });
});
