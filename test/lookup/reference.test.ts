import { describe, expect, it } from "vitest";
import { docNumberKey, parseTypedDocNumber } from "../../src/documents/doc-number.ts";
import { proposalNumberKey } from "../../src/documents/proposal-number.ts";
import { parseReference, placeStem } from "../../src/lookup/reference.ts";

describe("proposal numbers as printed", () => {
  it("keeps every form comparable, never cut short", () => {
    const cases: [string, string][] = [
      ["0123", "123"],
      ["36", "36"],
      ["温36", "温36"],
      ["丽15", "丽15"],
      ["A-078", "A78"],
      ["a078", "A78"],
      ["T014", "T14"],
      ["〔064〕", "64"],
      ["064", "64"],
      ["54057", "54057"],
      ["20230158", "20230158"],
      ["０", "0"],
    ];
    for (const [printed, key] of cases) expect(proposalNumberKey(printed), printed).toBe(key);
    expect(proposalNumberKey("无")).toBeNull();
  });

  it("reads typed proposal references with prefixed and long numbers", () => {
    const number = (text: string) => {
      const ref = parseReference(text);
      return ref?.kind === "proposal" ? [ref.proposal.number, ref.proposal.kind, ref.place] : null;
    };
    expect(number("省十四届人大二次会议丽15号建议")).toEqual(["丽15", "建议", null]);
    expect(number("A-092号代表建议")).toEqual(["A92", "建议", null]);
    expect(number("区政协十届三次会议T027号提案")).toEqual(["T27", "提案", null]);
    expect(number("第20230158号建议")).toEqual(["20230158", "建议", null]);
    expect(number("第〔064〕号提案")).toEqual(["64", "提案", null]);
    expect(number("温36号建议")).toEqual(["温36", "建议", null]);
    expect(number("第36号")).toEqual(["36", null, null]);
    expect(number("通山县十八届人大三次会议第36号建议")).toEqual(["36", "建议", "通山"]);
    expect(number("36号建议 通山")).toEqual(["36", "建议", "通山"]);
    expect(number("浏阳市政协十三届二次会议第218号提案")).toEqual(["218", "提案", "浏阳"]);
    expect(number("通山县第36号建议")).toEqual(["36", "建议", "通山"]);
    expect(number("湖北省通山县十八届人大三次会议第36号建议")).toEqual(["36", "建议", "通山"]);
    expect(number("浏阳市218号提案")).toEqual(["218", "提案", "浏阳"]);
    expect(number("泉州市政协第203号提案")).toEqual(["203", "提案", "泉州"]);
    expect(number("郑州十六届人大二次会议第298号建议")).toEqual(["298", "建议", "郑州"]);
    expect(number("全国政协十四届一次会议第01234号提案")).toEqual(["1234", "提案", "全国"]);
    expect(number("十四届全国人大一次会议第4286号建议")).toEqual(["4286", "建议", null]);
    expect(number("市十六届人大二次会议第298号建议")).toEqual(["298", "建议", null]);
    expect(number("盐津第36号建议")).toEqual(["36", "建议", "盐津"]);
    expect(number("通山36号建议")).toEqual(["36", "建议", "通山"]);
    expect(number("第36号建议 内容")).toBeNull();
    expect(number("关于第36号建议")).toBeNull();
  });

  it("keeps the session's level when a place is split off", () => {
    const ref = parseReference("武侯区十九届人大三次会议第0156号建议");
    expect(ref?.kind === "proposal" && ref.proposal.session).toEqual({
      body: "人大",
      level: "区",
      term: 19,
      meeting: 3,
    });
  });
});

describe("place stems", () => {
  it("reduces a place to the last division named, without its suffix", () => {
    expect(placeStem("通山县")).toBe("通山");
    expect(placeStem("成都市武侯区")).toBe("武侯");
    expect(placeStem("通山")).toBe("通山");
    expect(placeStem("泉州市")).toBe("泉州");
    expect(placeStem("杭州市西湖区")).toBe("西湖");
    expect(placeStem("湖北省咸宁市通山县")).toBe("通山");
    expect(placeStem("市中区")).toBe("市中");
    expect(placeStem("县")).toBeNull();
    expect(placeStem("36号")).toBeNull();
  });
});

describe("文号 with sub-numbers and without prefix", () => {
  it("parses 18-5号 and a bracketed year without prefix", () => {
    expect(parseTypedDocNumber("白政发〔2022〕18-5号")).toEqual({
      prefix: "白政发",
      year: 2022,
      serial: 18,
      sub: 5,
    });
    expect(parseTypedDocNumber("〔2023〕41号")).toEqual({ prefix: "", year: 2023, serial: 41 });
    expect(parseTypedDocNumber("2023 41")).toBeNull();
  });

  it("ignores a class mark typed after the 文号", () => {
    const parts = { prefix: "湘农建复", year: 2021, serial: 9 };
    for (const text of [
      "湘农建复[2021]9号A类",
      "湘农建复〔2021〕9号（B类）",
      "湘农建复〔2021〕9号 类别:C",
    ])
      expect(parseTypedDocNumber(text), text).toEqual(parts);
    expect(parseTypedDocNumber("湘农建复〔2021〕9号A类文件")).toBeNull();
  });

  it("gives one key per 文号 whatever its spelling, and two for two prefixes", () => {
    expect(docNumberKey("武住建函[2024]37号")).toBe(docNumberKey("武住建函〔2024〕037号"));
    expect(docNumberKey("瀏水字【2023】41號")).toBe(docNumberKey("浏水字〔2023〕41号"));
    expect(docNumberKey("浏水字〔2023〕41号")).not.toBe(docNumberKey("浏交字〔2023〕41号"));
    expect(docNumberKey("白政发〔2022〕18-5号")).not.toBe(docNumberKey("白政发〔2022〕18号"));
  });
});
