import { describe, expect, it } from "vitest";
import {
  firstSentence,
  proposalTitleIn,
  proposalTitleInTitle,
  proposersNamedIn,
  splitProposers,
} from "../../../src/documents/reading/acknowledgement.ts";
import { findGreeting, isSalutation } from "../../../src/documents/reading/greeting.ts";
import { toTextUnits } from "../../../src/documents/text-units.ts";

const greet = (text: string) => findGreeting(toTextUnits(text));

describe("greetings", () => {
  it("finds a greeting line followed by the acknowledgement", () => {
    expect(greet("标题\n\n张三代表：\n\n您提出的建议收悉，现答复如下：")).toMatchObject({
      greeting: "张三代表",
      at: 1,
      bodyStart: 2,
    });
  });

  it("finds a greeting without a colon, and one glued to the body", () => {
    expect(
      greet("C\n罗某某代表\n您在县第十八届人大三次会议上提出的建议收悉，现答复如下：")?.greeting,
    ).toBe("罗某某代表");
    const glued = greet("黄某某代表：您提出的第〔047〕号提案收悉，现答复如下：");
    expect(glued).toMatchObject({ greeting: "黄某某代表", bodyStart: 0 });
    expect(glued?.firstBodyText).toMatch(/^您提出的/);
  });

  it("finds a greeting run into the body with no colon", () => {
    expect(greet("黄某某代表您提出的《关于某事的建议》收悉，现答复如下：")).toMatchObject({
      greeting: "黄某某代表",
      firstBodyText: "您提出的《关于某事的建议》收悉，现答复如下：",
    });
  });

  it("starts at the acknowledgement when there is no greeting", () => {
    expect(
      greet("您在县十八届人大二次会议上提出的《关于某事的建议》（第5号）收悉，现答复如下："),
    ).toMatchObject({ greeting: null, bodyStart: 0 });
  });

  it("finds nothing in a text without an acknowledgement", () => {
    expect(greet("今天天气很好。\n\n我们去公园散步。")).toBeNull();
  });

  it("tells salutations from other short lines", () => {
    for (const s of [
      "尊敬的王某委员",
      "某某代表团",
      "市政协文化艺术界别",
      "区工商联",
      "区住房和城乡建设局",
      "张三、李四、王五",
    ]) {
      expect(isSalutation(s)).toBe(true);
    }
    for (const s of ["联系人：张三", "经研究，现答复如下", "关于某事的答复"]) {
      expect(isSalutation(s)).toBe(false);
    }
  });
});

describe("proposers", () => {
  it("splits every greeting form into names or bodies", () => {
    expect(splitProposers("姜某、洪某、王某等委员")).toEqual(["姜某", "洪某", "王某"]);
    expect(splitProposers("刘某明、邹某芸等五位代表")).toEqual(["刘某明", "邹某芸"]);
    expect(splitProposers("顾某、钱某、陶某等6位代表")).toEqual(["顾某", "钱某", "陶某"]);
    expect(splitProposers("孙某业(等5位)代表")).toEqual(["孙某业"]);
    expect(splitProposers("王某等十位代表")).toEqual(["王某"]);
    expect(splitProposers("尊敬的黄某华委员")).toEqual(["黄某华"]);
    expect(splitProposers("丽水代表团")).toEqual(["丽水代表团"]);
    expect(splitProposers("民盟界别、市政协科学技术界")).toEqual(["民盟界别", "市政协科学技术界"]);
  });

  it("reads the proposers a 会办/协办 opinion names in its first sentence", () => {
    expect(proposersNamedIn("刘某、邹某等五位代表提出的《关于……的建议》收悉。")).toEqual([
      "刘某",
      "邹某",
    ]);
    expect(proposersNamedIn("郑某燕委员在区政协十届三次会议上提出的第T027号提案")).toEqual([
      "郑某燕",
    ]);
    expect(proposersNamedIn("区工商联提出的《关于……的提案》收悉")).toEqual(["区工商联"]);
  });
});

describe("proposal titles", () => {
  it("reads 《…》, “…” and unquoted titles in the first sentence", () => {
    expect(proposalTitleIn("您提出的《关于加快某事的建议》（第36号）收悉")).toBe(
      "关于加快某事的建议",
    );
    expect(proposalTitleIn("你们提出的“关于‘热带雨林’式生态的建议”的提案收悉")).toBe(
      "关于‘热带雨林’式生态的建议",
    );
    expect(proposalTitleIn("您提出的关于增加学校周边“护学岗”的建议收悉")).toBe(
      "关于增加学校周边“护学岗”的建议",
    );
    expect(proposalTitleIn("您提出的建议收悉")).toBeNull();
    expect(
      proposalTitleIn("根据《中华人民共和国公路法》，您提出的《关于修路的建议》现答复如下："),
    ).toBe("关于修路的建议");
  });

  it("reads the title a document title names, but not a session", () => {
    expect(proposalTitleInTitle("某某局关于增开公交班次的建议的答复")).toBe(
      "关于增开公交班次的建议",
    );
    expect(proposalTitleInTitle("关于十四届全国人大一次会议第4286号建议的答复")).toBeNull();
  });

  it("cuts the first sentence at the acknowledgement", () => {
    expect(firstSentence("您提出的建议收悉，现答复如下：近年来……")).toBe("您提出的建议收悉");
  });
});
