import { describe, expect, it } from "vitest";
import {
  findProposalNumber,
  findSession,
  toChineseNumber,
} from "../../../src/documents/reading/session.ts";

describe("sessions", () => {
  const cases: [string, string, string | null][] = [
    ["对县十八届人大三次会议第36号建议的答复", "县十八届人大三次会议", null],
    ["您在县第十八届人大三次会议上提出的", "县十八届人大三次会议", null],
    ["您在会宁县政协十届三次会议上提出的", "县政协十届三次会议", "会宁县"],
    ["关于十四届全国人大一次会议第4286号建议的答复", "十四届全国人大一次会议", null],
    ["全国政协十四届二次会议第01234号提案", "十四届全国政协二次会议", null],
    ["关于政协第十四届全国委员会第二次会议第03812号提案答复的函", "十四届全国政协二次会议", null],
    [
      "关于白蒲镇第十八届人民代表大会第二次会议第5号代表建议的答复",
      "镇十八届人大二次会议",
      "白蒲镇",
    ],
    ["坪山区碧岭街道关于坪山区二届人大四次会议第20240213号建议", "区二届人大四次会议", "坪山区"],
    ["对市政协十三届二次会议第0218号提案的答复", "市政协十三届二次会议", null],
    ["省第14届人大第2次会议", "省十四届人大二次会议", null],
  ];
  for (const [text, session, place] of cases) {
    it(`reads ${text}`, () => {
      const found = findSession(text);
      expect(found?.session).toBe(session);
      expect(found?.placeName).toBe(place);
    });
  }

  it("finds no session in text that names none", () => {
    expect(findSession("党的二十届三中全会精神")).toBeNull();
    expect(findSession("本市十四届")).toBeNull();
  });

  it("writes numbers the way session names do", () => {
    expect([1, 10, 14, 20, 21].map(toChineseNumber)).toEqual([
      "一",
      "十",
      "十四",
      "二十",
      "二十一",
    ]);
  });
});

describe("proposal numbers as printed", () => {
  const number = (text: string, exclude: string | null = null) =>
    findProposalNumber(text, findSession(text), exclude);

  it("keeps prefixes, letters, brackets and leading zeros, never truncating", () => {
    expect(number("关于省十四届人大二次会议丽15号代表建议答复的函")).toBe("丽15");
    expect(number("对区六届人大三次会议第A-092号代表建议的答复")).toBe("A-092");
    expect(number("郑晓燕委员提出的第T027号提案")).toBe("T027");
    expect(number("您提出的第〔047〕号提案《关于……》收悉")).toBe("〔047〕");
    expect(number("关于坪山区二届人大四次会议第20240213号建议答复的函")).toBe("20240213");
    expect(number("对市政协十四届一次会议第 0539 号提案的答复")).toBe("0539");
    expect(number("关于县政协九届三次会议第2023-015号提案的答复")).toBe("2023-015");
  });

  it("reads a number printed without 第 before its kind", () => {
    expect(number("您领衔提出的温36号建议收悉")).toBe("温36");
    expect(number("您提出的0123号提案收悉")).toBe("0123");
  });

  it("ignores the 文号 and text without 第…号", () => {
    expect(number("浏交字〔2023〕41号", "浏交字〔2023〕41号")).toBeNull();
    expect(number("您在市十七届人大二次会议期间提出的《关于增开公交班次的建议》收悉")).toBeNull();
  });
});
