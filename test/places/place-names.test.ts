import { describe, expect, it } from "vitest";
import {
  ancestry,
  divisionIndex,
  divisionsNamed,
  placeLiesIn,
} from "../../src/places/division-data.ts";
import { shortPlaceName } from "../../src/places/place-names.ts";

describe("shortPlaceName", () => {
  it("drops the level word and autonomous-area nationalities", () => {
    expect(shortPlaceName("浙江省")).toBe("浙江");
    expect(shortPlaceName("广西壮族自治区")).toBe("广西");
    expect(shortPlaceName("新疆维吾尔自治区")).toBe("新疆");
    expect(shortPlaceName("黔东南苗族侗族自治州")).toBe("黔东南");
    expect(shortPlaceName("博尔塔拉蒙古自治州")).toBe("博尔塔拉");
    expect(shortPlaceName("峨边彝族自治县")).toBe("峨边");
    expect(shortPlaceName("浦东新区")).toBe("浦东");
    expect(shortPlaceName("通山县")).toBe("通山");
    expect(shortPlaceName("大兴安岭地区")).toBe("大兴安岭");
  });

  it("gives none shorter than two characters or for development zones", () => {
    expect(shortPlaceName("赵县")).toBeNull();
    expect(shortPlaceName("苏州工业园区")).toBeNull();
    expect(shortPlaceName("合肥经济技术开发区")).toBeNull();
  });
});

describe("division data", () => {
  it("skips the dataset's placeholder cities of municipalities", () => {
    const [songjiang] = divisionsNamed("松江区");
    expect(songjiang && ancestry(songjiang).map((d) => d.name)).toEqual(["松江区", "上海市"]);
    expect(divisionsNamed("市辖区")).toEqual([]);
  });

  it("finds generic names by their official name but does not scan for them", () => {
    expect(divisionsNamed("城区").length).toBeGreaterThan(1);
    expect(divisionIndex().byName.has("城区")).toBe(false);
    expect(divisionIndex().byName.has("开发区")).toBe(false);
  });

  it("falls back to short names", () => {
    expect(divisionsNamed("通山").map((d) => d.name)).toEqual(["通山县"]);
  });
});

describe("usual names of autonomous areas", () => {
  it("finds 黔东南州 and 峨边县 as official names", () => {
    expect(
      divisionIndex()
        .byName.get("黔东南州")
        ?.map((d) => d.name),
    ).toEqual(["黔东南苗族侗族自治州"]);
    expect(
      divisionIndex()
        .byName.get("峨边县")
        ?.map((d) => d.name),
    ).toEqual(["峨边彝族自治县"]);
  });
});

describe("placeLiesIn", () => {
  it("relates a reply's place to a wider area, by official or short names", () => {
    expect(placeLiesIn("通山县", "湖北")).toBe(true);
    expect(placeLiesIn("通山县", "咸宁市")).toBe(true);
    expect(placeLiesIn("通山县", "通山县")).toBe(true);
    expect(placeLiesIn("武侯区", "成都")).toBe(true);
    expect(placeLiesIn("江北区", "重庆市")).toBe(true);
    expect(placeLiesIn("通山县", "永善县")).toBe(false);
    expect(placeLiesIn("湖北省", "通山县")).toBe(false);
    expect(placeLiesIn("全国", "全国")).toBe(true);
    expect(placeLiesIn("通山县", "全国")).toBe(false);
  });
});
