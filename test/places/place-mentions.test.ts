import { describe, expect, it } from "vitest";
import { isKnownPlaceName, placesMentionedIn } from "../../src/places/place-mentions.ts";

const names = (text: string) => placesMentionedIn(text).map((m) => m.name);

describe("placesMentionedIn", () => {
  it("reads short names of counties, cities and provinces", () => {
    expect(names("36号建议 通山")).toEqual(["通山县"]);
    expect(names("永善的卫生院")).toEqual(["永善县"]);
    expect(names("浙江全省的营地")).toEqual(["浙江省"]);
    expect(names("株洲加装电梯补贴")).toEqual(["株洲市"]);
    expect(names("黔东南的客运")).toEqual(["黔东南苗族侗族自治州"]);
  });

  it("reads official names at every level, with level, code and parents", () => {
    const [m] = placesMentionedIn("武侯区有多少所中小学");
    expect(m).toMatchObject({
      name: "武侯区",
      text: "武侯区",
      level: "county",
      parents: ["成都市", "四川省"],
    });
    expect(m?.code).toBe("510107");
    expect(placesMentionedIn("白蒲镇的排水")[0]).toMatchObject({
      level: "township",
      parents: ["如皋市", "南通市", "江苏省"],
    });
  });

  it("reads traditional characters", () => {
    expect(names("瀏陽市的公交")).toEqual(["浏阳市"]);
  });

  it("prefers the city to its namesake county for a short name", () => {
    expect(names("长沙的地铁")).toEqual(["长沙市"]);
    expect(names("长沙县的地铁")).toEqual(["长沙县"]);
  });

  it("returns every division of an ambiguous name, flagged", () => {
    const found = placesMentionedIn("江北区个体户");
    expect(found.map((m) => m.parents[0])).toEqual(["宁波市", "重庆市"]);
    expect(found.every((m) => m.ambiguous)).toBe(true);
  });

  it("settles an ambiguous township by the county named beside it", () => {
    const found = placesMentionedIn("永善县黄华镇卫生院");
    expect(found.map((m) => `${m.name}/${m.parents[0]}`)).toEqual([
      "永善县/昭通市",
      "黄华镇/永善县",
    ]);
    expect(found.some((m) => m.ambiguous)).toBe(false);
  });

  it("does not read places out of ordinary words", () => {
    for (const text of [
      "新建了几座自来水厂",
      "推进乡村振兴和平安建设",
      "比如资源共享",
      "会同有关部门研究",
      "缓解老城区停车难",
      "支持浙西南山区县发展",
      "省级补助和县级配套",
      "全国约四成县实现",
      "部分乡镇客运站",
      "蒲西路与文峰路交叉口",
      "合作社的公安民警",
      "上高速要多久",
    ]) {
      expect(placesMentionedIn(text), text).toEqual([]);
    }
  });

  it("still reads a common-word place in full or after its parent", () => {
    expect(names("和平区的学校")).toEqual(["和平区", "和平区"]);
    expect(names("洛阳市老城区停车")).toEqual(["洛阳市", "老城区"]);
    expect(names("和县交通局")).toEqual(["和县"]);
  });
});

describe("isKnownPlaceName", () => {
  it("knows official and short names, not common words", () => {
    expect(isKnownPlaceName("通山")).toBe(true);
    expect(isKnownPlaceName("通山县")).toBe(true);
    expect(isKnownPlaceName("白蒲镇")).toBe(true);
    expect(isKnownPlaceName("浙江")).toBe(true);
    expect(isKnownPlaceName("和平")).toBe(false);
    expect(isKnownPlaceName("交通")).toBe(false);
  });
});

describe("placesMentionedIn and traditional folding", () => {
  it("keeps simplified names that OpenCC would fold (乾安)", () => {
    expect(names("乾安的公交线路")).toEqual(["乾安县"]);
    expect(isKnownPlaceName("乾安县")).toBe(true);
  });

  it("reads names the word segmenter glues to a particle", () => {
    expect(names("辽中的公交线路有几条")).toEqual(["辽中区"]);
    expect(names("扬中有几条公交")).toEqual(["扬中市"]);
  });
});
