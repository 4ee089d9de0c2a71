import { describe, expect, it } from "vitest";
import type { PlaceCues } from "../../src/places/place-cues.ts";
import { resolvePlace } from "../../src/places/place-resolver.ts";
import { sessionLevel } from "../../src/places/session-level.ts";

function cues(partial: Partial<PlaceCues>): PlaceCues {
  return {
    session: null,
    issuers: [],
    publisher: null,
    letterhead: null,
    titles: [],
    opening: "",
    ...partial,
  };
}

describe("sessionLevel", () => {
  it("reads the level word before the assembly", () => {
    expect(sessionLevel("县十八届人大三次会议")).toBe("county");
    expect(sessionLevel("区政协十届三次会议")).toBe("county");
    expect(sessionLevel("市政协十三届二次会议")).toBe("city");
    expect(sessionLevel("省十四届人大二次会议")).toBe("province");
    expect(sessionLevel("自治区十三届人大五次会议")).toBe("province");
    expect(sessionLevel("州十五届人大二次会议")).toBe("prefecture");
    expect(sessionLevel("镇十八届人大二次会议")).toBe("township");
    expect(sessionLevel("十四届全国人大一次会议")).toBe("national");
    expect(sessionLevel("会宁县政协十届三次会议")).toBe("county");
    expect(sessionLevel(null)).toBeNull();
    expect(sessionLevel("第三次会议")).toBeNull();
  });
});

describe("resolvePlace", () => {
  it("takes the county from a county body's name", () => {
    expect(
      resolvePlace(cues({ session: "县十八届人大三次会议", issuers: ["通山县交通运输局"] })),
    ).toBe("通山县");
  });

  it("lifts a township signature to the county of a 县 session", () => {
    expect(
      resolvePlace(cues({ session: "县十八届人大三次会议", issuers: ["大畈镇人民政府"] })),
    ).toBe("通山县");
  });

  it("lifts a sub-district signature to the district of a 区 session", () => {
    expect(resolvePlace(cues({ session: "区二届人大四次会议", issuers: ["碧岭街道办事处"] }))).toBe(
      "坪山区",
    );
  });

  it("keeps the town for a town's own session", () => {
    expect(
      resolvePlace(cues({ session: "镇十八届人大二次会议", issuers: ["大畈镇人民政府"] })),
    ).toBe("大畈镇");
  });

  it("reads a district inside a city-prefixed body", () => {
    expect(
      resolvePlace(
        cues({ session: "区十九届人大三次会议", issuers: ["成都市武侯区住房和城乡建设局"] }),
      ),
    ).toBe("武侯区");
  });

  it("gives a 市 session the county-level city when that city's body signs", () => {
    expect(resolvePlace(cues({ session: "市政协十三届二次会议", issuers: ["浏阳市水利局"] }))).toBe(
      "浏阳市",
    );
  });

  it("gives a 市 session the prefecture city otherwise", () => {
    expect(
      resolvePlace(cues({ session: "市十六届人大二次会议", issuers: ["株洲市住房和城乡建设局"] })),
    ).toBe("株洲市");
    expect(
      resolvePlace(cues({ session: "市十六届人大二次会议", issuers: ["株洲市天元区教育局"] })),
    ).toBe("株洲市");
  });

  it("gives a municipality's 市 session the municipality", () => {
    expect(
      resolvePlace(cues({ session: "市政协十四届一次会议", issuers: ["上海市科学技术委员会"] })),
    ).toBe("上海市");
    expect(
      resolvePlace(cues({ session: "区六届人大三次会议", issuers: ["上海市松江区交通委员会"] })),
    ).toBe("松江区");
  });

  it("gives provincial and national sessions their province or 全国", () => {
    expect(
      resolvePlace(cues({ session: "省十四届人大二次会议", issuers: ["浙江省文化和旅游厅"] })),
    ).toBe("浙江省");
    expect(
      resolvePlace(
        cues({ session: "自治区十三届人大五次会议", issuers: ["广西壮族自治区交通运输厅"] }),
      ),
    ).toBe("广西壮族自治区");
    expect(resolvePlace(cues({ session: "十四届全国人大一次会议", issuers: ["交通运输部"] }))).toBe(
      "全国",
    );
  });

  it("reads a national body without a session as 全国, but not a local 部", () => {
    expect(resolvePlace(cues({ issuers: ["交通运输部"] }))).toBe("全国");
    expect(resolvePlace(cues({ issuers: ["县委组织部"] }))).toBeNull();
  });

  it("uses the publisher and the opening when nobody signs", () => {
    expect(
      resolvePlace(cues({ session: "县十八届人大三次会议", publisher: "永善县人民政府" })),
    ).toBe("永善县");
    expect(
      resolvePlace(
        cues({
          session: "县政协十届三次会议",
          opening: "黄代表：您在会宁县政协十届三次会议上提出的提案收悉",
        }),
      ),
    ).toBe("会宁县");
  });

  it("leaves an ambiguous township null unless another cue settles it", () => {
    const session = "县十八届人大三次会议";
    expect(resolvePlace(cues({ session, issuers: ["城关镇人民政府"] }))).toBeNull();
    expect(
      resolvePlace(cues({ session, issuers: ["城关镇人民政府"], publisher: "和林格尔县人民政府" })),
    ).toBe("和林格尔县");
  });

  it("does not let a place the text mentions override the signing body", () => {
    const opening = "您提出的关于学习永善县经验的建议收悉";
    expect(
      resolvePlace(
        cues({ session: "县十八届人大三次会议", issuers: ["通山县交通运输局"], opening }),
      ),
    ).toBe("通山县");
    expect(
      resolvePlace(cues({ issuers: ["泉州市文化广电和旅游局"], opening: "鲤城区人民政府会办" })),
    ).toBe("泉州市");
  });

  it("without a session, stops at county level", () => {
    expect(resolvePlace(cues({ issuers: ["大畈镇人民政府"] }))).toBe("通山县");
    expect(resolvePlace(cues({ issuers: ["成都市武侯区住房和城乡建设局"] }))).toBe("武侯区");
  });

  it("gives nothing for bodies that name no place", () => {
    expect(resolvePlace(cues({ issuers: ["市科委"] }))).toBeNull();
    expect(
      resolvePlace(cues({ session: "县十八届人大三次会议", issuers: ["县交通运输局"] })),
    ).toBeNull();
  });

  it("does not take generic zone names for townships", () => {
    expect(
      resolvePlace(cues({ session: "县十八届人大三次会议", issuers: ["开发区管委会"] })),
    ).toBeNull();
  });
});

describe("resolvePlace with autonomous areas", () => {
  it("reads the usual short forms of autonomous prefectures and counties", () => {
    expect(
      resolvePlace(cues({ session: "州十五届人大二次会议", issuers: ["黔东南州交通运输局"] })),
    ).toBe("黔东南苗族侗族自治州");
    expect(resolvePlace(cues({ session: "县十八届人大三次会议", issuers: ["峨边县教育局"] }))).toBe(
      "峨边彝族自治县",
    );
  });
});

describe("resolvePlace with cities without counties", () => {
  it("reads prefecture cities without counties and province-administered cities", () => {
    expect(
      resolvePlace(cues({ session: "市十六届人大二次会议", issuers: ["东莞市交通运输局"] })),
    ).toBe("东莞市");
    expect(resolvePlace(cues({ session: "市政协十届二次会议", issuers: ["仙桃市教育局"] }))).toBe(
      "仙桃市",
    );
  });

  it("gives a county-level city's session that city when one of its towns signs", () => {
    expect(
      resolvePlace(
        cues({
          session: "市十七届人大二次会议",
          issuers: ["沿溪镇人民政府"],
          publisher: "浏阳市人民政府",
        }),
      ),
    ).toBe("浏阳市");
  });

  it("reads a generic district name only after its city", () => {
    expect(
      resolvePlace(cues({ session: "区十届人大二次会议", issuers: ["阳泉市城区教育局"] })),
    ).toBe("城区");
    expect(
      resolvePlace(cues({ session: "区十届人大二次会议", issuers: ["城区教育局"] })),
    ).toBeNull();
  });
});

describe("resolvePlace with weak cues", () => {
  it("lets a 抄送 line settle an ambiguous township, never decide alone", () => {
    const session = "县十八届人大三次会议";
    const others = ["抄送：和林格尔县人大常委会代表工作委员会。"];
    expect(resolvePlace(cues({ session, issuers: ["城关镇人民政府"], others }))).toBe("和林格尔县");
    expect(resolvePlace(cues({ session, others }))).toBeNull();
  });
});

describe("resolvePlace with several weak cues", () => {
  it("does not let weak cues add up to a decision", () => {
    const others = ["抄送：和林格尔县人大常委会", "地址：和林格尔县城关镇", "和林格尔县人民政府网"];
    expect(resolvePlace(cues({ session: "县十八届人大三次会议", others }))).toBeNull();
  });
});
