import { describe, expect, it } from "vitest";
import { DATE, DURATION, figureIn, TIME_OF_DAY } from "../../src/search/excerpt-text.ts";
import {
  askedFigure,
  type FigureQualifiers,
  figureQualifiersOf,
  NO_QUALIFIERS,
} from "../../src/search/figure-asked.ts";

const q = (over: Partial<FigureQualifiers>): FigureQualifiers => ({ ...NO_QUALIFIERS, ...over });

describe("qualifiers of the figure a question asks", () => {
  it("reads the period of a rate, before or after the question word", () => {
    expect(figureQualifiersOf("游泳馆办卡一个月多少钱").per).toBe("月");
    expect(figureQualifiersOf("充电桩每小时收多少钱").per).toBe("小时");
    expect(figureQualifiersOf("多少钱一天").per).toBe("天");
    expect(figureQualifiersOf("渡船每天开几趟").per).toBe("天");
  });

  it("takes no period from an ordinal or a one-off", () => {
    expect(figureQualifiersOf("第一年补贴多少钱").per).toBeNull();
    expect(figureQualifiersOf("一次性奖励多少钱").per).toBeNull();
    expect(figureQualifiersOf("近一年来补了多少钱").per).toBeNull();
    expect(figureQualifiersOf("体育馆一共有多少个座位").per).toBeNull();
  });

  it("reads no period from the end of a number (2021年, 十一个月)", () => {
    expect(figureQualifiersOf("2021年游泳馆每月多少钱").per).toBe("月");
    expect(figureQualifiersOf("2021年游泳馆收多少钱").per).toBeNull();
    expect(figureQualifiersOf("装修用了十一个月花了多少钱").per).toBeNull();
  });

  it("reads the part of the day a time is asked in", () => {
    expect(figureQualifiersOf("图书馆晚上开到几点").partOfDay).toBe("evening");
    expect(figureQualifiersOf("菜市场早上几点开门").partOfDay).toBe("morning");
    expect(figureQualifiersOf("菜市场几点开门").partOfDay).toBeNull();
  });

  it("knows a question asking a span of time", () => {
    expect(figureQualifiersOf("体育馆几点到几点对外开放").range).toBe(true);
    expect(figureQualifiersOf("哪个时段限行").range).toBe(true);
    expect(figureQualifiersOf("体育馆几点开门").range).toBe(false);
  });

  it("knows a question asking the value something was changed to", () => {
    expect(figureQualifiersOf("游泳馆闭馆时间延长到几点").changedTo).toBe(true);
    expect(figureQualifiersOf("门票价格调整为多少").changedTo).toBe(true);
    expect(figureQualifiersOf("补助标准涨到多少了").changedTo).toBe(true);
    expect(figureQualifiersOf("门票价格是多少").changedTo).toBe(false);
  });
});

describe("the figure asked", () => {
  it("without qualifiers is any figure in the unit", () => {
    expect(askedFigure("元", NO_QUALIFIERS).test("每小时5元")).toBe(true);
    expect(askedFigure(TIME_OF_DAY, q({ per: "月" })).test("8:30开门")).toBe(true);
  });

  it("per a period: the figure's clause gives it per that period", () => {
    const monthly = askedFigure("元", q({ per: "月" }));
    expect(monthly.test("白天每小时5元，夜间封顶30元")).toBe(false);
    expect(monthly.test("夜间包月每月150元")).toBe(true);
    expect(monthly.test("月卡价格为300元/月")).toBe(true);
    expect(monthly.test("每月3次免费，超出部分每次10元")).toBe(false);
    expect(askedFigure("趟", q({ per: "天" })).test("渡船每日往返8趟")).toBe(true);
  });

  it("in a part of the day: a time in those hours", () => {
    const evening = askedFigure(TIME_OF_DAY, q({ partOfDay: "evening" }));
    expect(evening.test("开放时间为9:00至17:30")).toBe(false);
    expect(evening.test("延时服务为18:30至21:00")).toBe(true);
    expect(evening.test("晚9点前闭馆")).toBe(true);
    const morning = askedFigure(TIME_OF_DAY, q({ partOfDay: "morning" }));
    expect(morning.test("每天6:30开门")).toBe(true);
    expect(morning.test("每天22:00关门")).toBe(false);
  });

  it("a span of time: a time read with another one", () => {
    const span = askedFigure(TIME_OF_DAY, q({ range: true }));
    expect(span.test("末场演出20:00开始")).toBe(false);
    expect(span.test("开放时间为8:30至17:00")).toBe(true);
    expect(span.test("上午8点至10点限行")).toBe(true);
    expect(span.test("夜间22:00—次日6:00禁止施工")).toBe(true);
    const evening = askedFigure(TIME_OF_DAY, q({ range: true, partOfDay: "evening" }));
    expect(evening.test("门诊8:00至16:30，急诊20:00开始")).toBe(false);
    expect(evening.test("夜间门诊为17:00至20:30")).toBe(true);
  });

  it("changed to: the figure after a change verb, not the old value", () => {
    const changed = askedFigure(TIME_OF_DAY, q({ changedTo: true }));
    expect(changed.test("原闭馆时间为20:00")).toBe(false);
    expect(changed.test("闭馆时间由20:00延长至21:30")).toBe(true);
    expect(changed.test("闭馆时间调整为晚上9点。")).toBe(true);
    expect(askedFigure("元", q({ changedTo: true })).test("补助标准由每户800元提高到1200元")).toBe(
      true,
    );
  });
});

describe("figures of a duration", () => {
  it("are lengths of time, or dates", () => {
    const duration = figureIn(DURATION);
    for (const text of ["平均等候40分钟", "15个工作日内办结", "工期约两个月", "计划10月底前完成"])
      expect(duration.test(text)).toBe(true);
    expect(duration.test("配备救护车3辆")).toBe(false);
    expect(figureIn(DATE).test("工期约两个月")).toBe(false);
  });
});
