import { describe, expect, it } from "vitest";
import {
  describeFilter,
  EMPTY_FILTER,
  filterFromJson,
  filterKey,
  filterToJson,
  MAX_FILTER_LENGTH,
  MAX_FILTER_WORDS,
  parseSubscriptionFilter,
} from "../../src/alerts/subscription-filter.ts";
import { AppError } from "../../src/errors.ts";

function badFilter(text: string): AppError {
  try {
    parseSubscriptionFilter(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected BAD_FILTER for ${text}`);
}

describe("parseSubscriptionFilter", () => {
  it("reads no text as every new reply", () => {
    expect(parseSubscriptionFilter("")).toEqual(EMPTY_FILTER);
    expect(parseSubscriptionFilter("   ")).toEqual(EMPTY_FILTER);
  });

  it("reads every part of a filter", () => {
    expect(parseSubscriptionFilter("养老 社区 通山 2023 提案 A类 -收费")).toEqual({
      keywords: ["养老", "社区"],
      excluded: ["收费"],
      year: 2023,
      place: "通山县",
      issuer: null,
      proposalKind: "提案",
      resultCategory: "A",
    });
  });

  it("reads years written with 年 or inside a word", () => {
    expect(parseSubscriptionFilter("2024年").year).toBe(2024);
    expect(parseSubscriptionFilter("2022年度 停车").year).toBe(2022);
    const glued = parseSubscriptionFilter("2023年通山县养老");
    expect([glued.year, glued.place, glued.keywords]).toEqual([2023, "通山县", ["养老"]]);
  });

  it("keeps a year no reply can carry yet (a plan's horizon) as a keyword", () => {
    expect(parseSubscriptionFilter("2035年远景目标")).toMatchObject({
      keywords: ["2035年远景目标"],
      year: null,
    });
    expect(parseSubscriptionFilter("2050 碳中和")).toMatchObject({
      keywords: ["2050", "碳中和"],
      year: null,
    });
    const thisYear = new Date().getFullYear();
    expect(parseSubscriptionFilter(`${thisYear}年 养老`).year).toBe(thisYear);
  });

  it("refuses text that reads as no condition at all rather than subscribing to every reply", () => {
    for (const text of ["-", "——", "的", "<b></b>"])
      expect(() => parseSubscriptionFilter(text), text).toThrow(/读出订阅条件/);
    expect(parseSubscriptionFilter("  ")).toEqual(EMPTY_FILTER);
  });

  it("refuses a place and an answering body of somewhere else, which nothing could match", () => {
    for (const text of ["武汉 通山县交通运输局", "浙江 重庆市江北区商务委员会"]) {
      let error: unknown;
      try {
        parseSubscriptionFilter(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toMatchObject({ code: "BAD_FILTER" });
      expect(String((error as Error).message)).toMatch(/不在/);
    }
    for (const text of ["咸宁 通山县交通运输局", "重庆 江北区商务委员会", "通山 县交通运输局"])
      expect(parseSubscriptionFilter(text).issuer, text).not.toBeNull();
  });

  it("reads places by short and official names, and 全国", () => {
    expect(parseSubscriptionFilter("湖北").place).toBe("湖北省");
    expect(parseSubscriptionFilter("武侯区 停车").place).toBe("武侯区");
    expect(parseSubscriptionFilter("全国").place).toBe("全国");
  });

  it("keeps an everyday word that is also a short place name as a keyword", () => {
    const filter = parseSubscriptionFilter("乡村振兴");
    expect(filter.place).toBeNull();
    expect(filter.keywords).toEqual(["乡村振兴"]);
  });

  it("keeps a word naming a thing called after a place whole, as a keyword, and shows it so", () => {
    for (const text of [
      "南京大学",
      "兰州交通大学",
      "浙江卫视",
      "江苏银行",
      "广州塔",
      "成都东站",
      "杭州亚运会",
      "湖北省图书馆",
      "永善县人民医院",
      "贵阳市第二人民医院",
      "普洱茶",
      "湖南菜",
      "北京人",
    ]) {
      const filter = parseSubscriptionFilter(text);
      expect([filter.place, filter.issuer, filter.keywords], text).toEqual([null, null, [text]]);
      expect(describeFilter(filter), text).toBe(`关键词「${text}」`);
    }
  });

  it("still reads the place when the rest of the word is a topic, a body or written apart", () => {
    const read = (text: string) => {
      const f = parseSubscriptionFilter(text);
      return [f.place, f.issuer, f.keywords];
    };
    expect(read("南京养老")).toEqual(["南京市", null, ["养老"]]);
    expect(read("兰州大学生")).toEqual(["兰州市", null, ["大学生"]]);
    expect(read("南京 大学")).toEqual(["南京市", null, ["大学"]]);
    expect(read("南京教育局")).toEqual([null, "南京教育局", []]);
    expect(describeFilter(parseSubscriptionFilter("南京养老 2024"))).toBe(
      "关键词「养老」· 地区：南京市 · 年份：2024",
    );
  });

  it("reads an everyday word that is also a short place name as the word, its full name as the place", () => {
    expect(parseSubscriptionFilter("和平")).toMatchObject({ keywords: ["和平"], place: null });
    expect(parseSubscriptionFilter("和平区")).toMatchObject({ keywords: [], place: "和平区" });
  });

  it("reads answering bodies with and without a place", () => {
    expect(parseSubscriptionFilter("市教育局").issuer).toBe("市教育局");
    const placed = parseSubscriptionFilter("通山县交通运输局 公交");
    expect([placed.issuer, placed.keywords, placed.place]).toEqual([
      "通山县交通运输局",
      ["公交"],
      null,
    ]);
    expect(parseSubscriptionFilter("通山交通局").issuer).toBe("通山交通局");
  });

  it("reads a sub-district office (街道办事处) as an answering body, not a place and a keyword", () => {
    expect(parseSubscriptionFilter("坪山区碧岭街道办事处")).toMatchObject({
      issuer: "坪山区碧岭街道办事处",
      place: null,
      keywords: [],
    });
  });

  it("does not read a word ending like a body as one when it names no function, place or level", () => {
    const filter = parseSubscriptionFilter("养老院");
    expect(filter.issuer).toBeNull();
    expect(filter.keywords).toEqual(["养老院"]);
  });

  it("reads the kind and the 办理结果 category in their usual forms", () => {
    expect(parseSubscriptionFilter("建议").proposalKind).toBe("建议");
    expect(parseSubscriptionFilter("政协提案").proposalKind).toBe("提案");
    expect(parseSubscriptionFilter("B类").resultCategory).toBe("B");
    expect(parseSubscriptionFilter("c").resultCategory).toBe("C");
    expect(parseSubscriptionFilter("类别：D").resultCategory).toBe("D");
    expect(parseSubscriptionFilter("Ａ类").resultCategory).toBe("A");
  });

  it("normalises traditional characters, full-width forms and case like questions", () => {
    const filter = parseSubscriptionFilter("養老 社區 ＡＩ -收費 ２０２３");
    expect(filter.keywords).toEqual(["养老", "社区", "ai"]);
    expect(filter.excluded).toEqual(["收费"]);
    expect(filter.year).toBe(2023);
  });

  it("accepts a filter of excluded words only, and ignores a lone dash", () => {
    const filter = parseSubscriptionFilter("-收费 -停车 -");
    expect(filter.keywords).toEqual([]);
    expect(filter.excluded).toEqual(["收费", "停车"]);
  });

  it("splits words at spaces and list punctuation and drops repeats", () => {
    expect(parseSubscriptionFilter("养老，社区、养老；托育").keywords).toEqual([
      "养老",
      "社区",
      "托育",
    ]);
  });

  it("splits a reply label at its middle dots (issuer · title), leaving no dot as a keyword", () => {
    const filter = parseSubscriptionFilter("永善县卫生健康局 · 配置CT设备・建议");
    expect(filter.keywords).toEqual(["配置ct设备"]);
    expect(filter.issuer).toBe("永善县卫生健康局");
    expect(filter.proposalKind).toBe("建议");
  });

  it("refuses unusable filters with BAD_FILTER and a Chinese message", () => {
    const cases = [
      "养".repeat(MAX_FILTER_LENGTH + 1),
      Array.from({ length: MAX_FILTER_WORDS + 1 }, (_, i) => `词${"甲乙丙丁戊己庚辛壬癸"[i]}`).join(
        " ",
      ),
      "2023 2024",
      "通山 浏阳",
      "提案 建议",
      "A类 B类",
      "市教育局 市民政局",
      "一二三四五六七八九十一二三四五六七八九十一",
    ];
    for (const text of cases) {
      const error = badFilter(text);
      expect(error.code).toBe("BAD_FILTER");
      expect(error.message).toMatch(/\p{Script=Han}/u);
    }
  });

  it("reads a filter written like a question, without spaces", () => {
    const question = parseSubscriptionFilter("通山县的养老答复");
    expect([question.place, question.keywords]).toEqual(["通山县", ["养老"]]);
    const proposal = parseSubscriptionFilter("關於托育的提案");
    expect([proposal.proposalKind, proposal.keywords]).toEqual(["提案", ["托育"]]);
    expect(parseSubscriptionFilter("A类答复")).toEqual({ ...EMPTY_FILTER, resultCategory: "A" });
    expect(parseSubscriptionFilter("“养老服务”").keywords).toEqual(["养老服务"]);
  });

  it("keeps the inner of two places when one lies in the other", () => {
    expect(parseSubscriptionFilter("湖北通山").place).toBe("通山县");
    expect(parseSubscriptionFilter("通山 湖北省").place).toBe("通山县");
    expect(badFilter("通山崇阳").code).toBe("BAD_FILTER");
  });

  it("accepts the same part written twice", () => {
    expect(parseSubscriptionFilter("2023 2023年").year).toBe(2023);
  });
});

describe("describeFilter", () => {
  it("shows the filter as understood", () => {
    expect(describeFilter(parseSubscriptionFilter("养老 社区 通山 2023 提案 A类 -收费"))).toBe(
      "关键词「养老」「社区」· 地区：通山县 · 年份：2023 · 类别：提案 · 办理结果：A类 · 排除「收费」",
    );
    expect(describeFilter(parseSubscriptionFilter("通山县交通运输局"))).toBe(
      "答复单位：通山县交通运输局",
    );
    expect(describeFilter(parseSubscriptionFilter("-收费"))).toBe("排除「收费」");
  });

  it("calls the empty filter every new reply", () => {
    expect(describeFilter(EMPTY_FILTER)).toBe("全部新答复");
  });
});

describe("filter JSON", () => {
  it("round-trips every part", () => {
    const filter = parseSubscriptionFilter("养老 通山县民政局 2023 提案 B类 -收费");
    expect(filterFromJson(filterToJson(filter))).toEqual(filter);
  });

  it("reads older or partial JSON with empty values for what is missing or mistyped", () => {
    expect(filterFromJson("{}")).toEqual(EMPTY_FILTER);
    expect(
      filterFromJson(
        JSON.stringify({ keywords: ["养老", 3], year: "2023", kind: "建议", category: "a" }),
      ),
    ).toEqual({ ...EMPTY_FILTER, keywords: ["养老"], proposalKind: "建议", resultCategory: "A" });
  });

  it("refuses text that is not a JSON object", () => {
    for (const json of ["", "not json", "[]", "null"])
      expect(() => filterFromJson(json)).toThrow(AppError);
  });

  it("gives identical filters one key whatever the word order", () => {
    const a = parseSubscriptionFilter("养老 社区 -收费");
    const b = parseSubscriptionFilter("社区 -收费 养老");
    expect(filterKey(a)).toBe(filterKey(b));
    expect(filterKey(a)).not.toBe(filterKey(parseSubscriptionFilter("养老 社区")));
  });
});
