import { describe, expect, it } from "vitest";
import { bodyKey, bodyRank } from "../../src/documents/issuer-bodies.ts";
import { issuerMatches, issuersMatching } from "../../src/documents/issuer-match.ts";

describe("issuerMatches", () => {
  const tongshan = "通山县交通运输局";

  it("matches a county body by short place, full place or body alone", () => {
    expect(issuerMatches(tongshan, "通山交通局")).toBe(true);
    expect(issuerMatches(tongshan, "通山县交通局")).toBe(true);
    expect(issuerMatches(tongshan, "通山县交通运输局")).toBe(true);
    expect(issuerMatches(tongshan, "交通运输局")).toBe(true);
    expect(issuerMatches(tongshan, "交通局")).toBe(true);
    expect(issuerMatches(tongshan, "县交通局")).toBe(true);
  });

  it("keeps to the place the query is said of", () => {
    expect(issuerMatches(tongshan, "交通运输局", { place: "通山县" })).toBe(true);
    expect(issuerMatches(tongshan, "交通运输局", { place: "通山" })).toBe(true);
    expect(issuerMatches(tongshan, "交通运输局", { place: "永善县" })).toBe(false);
    expect(issuerMatches(tongshan, "永善交通局")).toBe(false);
    expect(issuerMatches(tongshan, "交通运输局", { place: "湖北省" })).toBe(true);
  });

  it("matches 市科委 only with a 市-level body of the place said of", () => {
    const city = "上海市科学技术委员会";
    const district = "上海市杨浦区科学技术委员会";
    expect(issuerMatches(city, "市科委")).toBe(true);
    expect(issuerMatches(city, "市科技局")).toBe(true);
    expect(issuerMatches(city, "市科委", { place: "上海市" })).toBe(true);
    expect(issuerMatches(city, "市科委", { place: "株洲市" })).toBe(false);
    expect(issuerMatches(district, "市科委")).toBe(false);
    expect(issuerMatches(district, "区科委")).toBe(true);
    expect(issuerMatches(city, "上海科委")).toBe(true);
    expect(issuerMatches(district, "上海科委")).toBe(false);
  });

  it("matches a place alone with every body of that place", () => {
    expect(issuerMatches("上海市杨浦区人民政府", "杨浦区")).toBe(true);
    expect(issuerMatches("上海市杨浦区人民政府", "杨浦")).toBe(true);
    expect(issuerMatches("上海市杨浦区科学技术委员会", "上海")).toBe(true);
    expect(issuerMatches("上海市杨浦区人民政府", "松江区")).toBe(false);
  });

  it("reads districts inside a city-prefixed name and county-level cities", () => {
    expect(issuerMatches("成都市武侯区住房和城乡建设局", "武侯区住建局")).toBe(true);
    expect(issuerMatches("成都市武侯区住房和城乡建设局", "成都住建局")).toBe(false);
    expect(issuerMatches("浏阳市水利局", "浏阳水务局")).toBe(true);
    expect(issuerMatches("浏阳市水利局", "浏阳交通局")).toBe(false);
  });

  it("does not match any in-order subsequence of characters", () => {
    expect(issuerMatches("上海市科学技术委员会", "上学会")).toBe(false);
    expect(issuerMatches("通山县交通运输局", "山交局")).toBe(false);
    expect(issuerMatches("成都市武侯区住房和城乡建设局", "市武")).toBe(false);
    expect(issuerMatches("通山县交通运输局", "交")).toBe(false);
  });

  it("tells ministries, departments and bureaus apart", () => {
    expect(issuerMatches("交通运输部", "交通部")).toBe(true);
    expect(issuerMatches("交通运输部", "交通局")).toBe(false);
    expect(issuerMatches("浙江省文化和旅游厅", "浙江文旅厅")).toBe(true);
    expect(issuerMatches("浙江省文化和旅游厅", "文旅局")).toBe(false);
    expect(issuerMatches("浙江省文化和旅游厅", "文旅")).toBe(true);
  });

  it("uses the reply's place for a body whose name has none", () => {
    expect(issuerMatches("区住房保障和房屋管理局", "武侯区房管局")).toBe(false);
    expect(issuerMatches("区住房保障和房屋管理局", "武侯区房管局", { issuerPlace: "武侯区" })).toBe(
      true,
    );
    expect(issuerMatches("区住房保障和房屋管理局", "区房管局")).toBe(true);
  });

  it("does not read 市场监管局 as a 市 body", () => {
    expect(issuerMatches("株洲市市场监督管理局", "市场监管局")).toBe(true);
    expect(issuerMatches("株洲市市场监督管理局", "市监局")).toBe(true);
  });

  it("reads traditional characters", () => {
    expect(issuerMatches("通山县交通运输局", "通山縣交通局")).toBe(true);
  });
});

describe("issuersMatching", () => {
  const issuers = ["上海市科学技术委员会", "株洲市科学技术局", "上海市杨浦区科学技术委员会"];

  it("is ambiguous when an unplaced query matches bodies of two places", () => {
    expect(issuersMatching(issuers, "市科委")).toEqual({
      names: ["上海市科学技术委员会", "株洲市科学技术局"],
      ambiguous: true,
    });
  });

  it("is settled by the place of the query or the context", () => {
    expect(issuersMatching(issuers, "市科委", { place: "上海市" })).toEqual({
      names: ["上海市科学技术委员会"],
      ambiguous: false,
    });
    expect(issuersMatching(issuers, "株洲科技局").names).toEqual(["株洲市科学技术局"]);
    expect(issuersMatching(issuers.slice(0, 1), "市科委").ambiguous).toBe(false);
  });
});

describe("government body abbreviations", () => {
  it("reduces names and abbreviations to one function", () => {
    const same: string[][] = [
      ["科委", "科技局", "科学技术局", "科学技术委员会"],
      ["交通局", "交通运输局", "交委", "交通委员会"],
      ["卫健局", "卫健委", "卫生健康局", "卫生健康委员会", "卫计委"],
      ["住建局", "住房和城乡建设局", "住房城乡建设委员会", "建委"],
      ["教育局", "教体局", "教育和体育局", "教委"],
      ["文旅局", "文化和旅游局", "文化广电和旅游局", "文广旅局"],
      ["发改委", "发展和改革委员会", "发展改革委"],
      ["人社局", "人力资源和社会保障局"],
      ["自然资源局", "自然资源和规划局", "规划和自然资源局"],
      ["市场监管局", "市场监督管理局", "市监局"],
      ["医保局", "医疗保障局"],
    ];
    for (const names of same) {
      const keys = new Set(names.map(bodyKey));
      expect(keys.size, names.join(",")).toBe(1);
      expect(keys.has(null), names.join(",")).toBe(false);
    }
    expect(bodyKey("科委")).not.toBe(bodyKey("交委"));
    expect(bodyKey("发改委")).not.toBe(bodyKey("人社局"));
    expect(bodyKey("不存在的局")).toBeNull();
  });

  it("reads the rank from the last word", () => {
    expect(bodyRank("交通运输部")).toBe("ministry");
    expect(bodyRank("文化和旅游厅")).toBe("department");
    expect(bodyRank("科委")).toBe("bureau");
    expect(bodyRank("人民政府")).toBeNull();
  });
});
