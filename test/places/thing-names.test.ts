import { describe, expect, it } from "vitest";
import { questionToFilter } from "../../src/alerts/question-filter.ts";
import { thingNameEnd, thingsNamedAfterPlaces } from "../../src/places/name-filters.ts";
import { placesMentionedIn } from "../../src/places/place-mentions.ts";
import { analyzeQuestion } from "../../src/search/query-analysis.ts";

const names = (text: string) => placesMentionedIn(text, { commonWords: true }).map((m) => m.name);

describe("a place name opening the name of a thing called after it", () => {
  it("is not read as the place in a question (a university, a channel, a bank, a tower, a station, an event)", () => {
    for (const text of [
      "南京大学周边的夜间公交",
      "浙江卫视的节目表",
      "江苏银行的网点营业时间",
      "广州塔夜景灯光",
      "成都东站换乘",
      "杭州亚运会场馆开放",
      "兰州交通大学的宿舍",
      "重庆外国语学院招生",
    ])
      expect(names(text), text).toEqual([]);
  });

  it("is still the place when the next words are a topic, a particle or a longer word", () => {
    expect(names("南京养老服务补贴")).toEqual(["南京市"]);
    expect(names("南京的大学有几所")).toEqual(["南京市"]);
    expect(names("兰州大学生就业补贴")).toEqual(["兰州市"]);
    expect(names("昆明各大医院挂号")).toEqual(["昆明市"]);
  });

  it("is not read as the place when one character after it closes the word (a tea, a dialect)", () => {
    expect(names("普洱茶的收购价")).toEqual([]);
    expect(names("会说上海话。")).toEqual([]);
    expect(names("普洱的茶叶收购价")).toEqual(["普洱市"]);
    expect(names("扬中有几条公交")).toEqual(["扬中市"]);
    expect(names("鄞州区。")).toEqual(["鄞州区"]);
  });

  it("is the place after 在, 去, 到 … even when one character closes the question (办吗, 玩, 读)", () => {
    expect(names("养老补贴可以在武汉办吗")).toEqual(["武汉市"]);
    expect(names("社保在深圳交吗")).toEqual(["深圳市"]);
    // Without 在: a verb and a particle close a question, not a word.
    expect(names("养老补贴武汉办吗")).toEqual(["武汉市"]);
    expect(names("这种补贴上海有吗")).toEqual(["上海市"]);
    expect(names("周末去杭州玩")).toEqual(["杭州市"]);
    expect(thingsNamedAfterPlaces("在武汉办吗")).toEqual([]);
    expect(questionToFilter("养老补贴可以在武汉办吗", { idf: () => 5 })).not.toContain("武汉办");
  });

  it("keeps an official name in running text: a 县人民医院 is that county's", () => {
    expect(names("永善县人民医院搬迁")).toEqual(["永善县"]);
    expect(names("贵阳市医院改革")).toEqual(["贵阳市"]);
  });

  it("leaves the question with no place filter, so other places' replies may answer it", () => {
    expect(analyzeQuestion("南京大学附近的夜间公交有几条").filters.places).toEqual([]);
    expect(analyzeQuestion("南京附近的夜间公交有几条").filters.places.map((p) => p.name)).toEqual([
      "南京市",
    ]);
  });

  it("finds the thing's whole name, modifiers included", () => {
    expect(thingsNamedAfterPlaces("想问兰州交通大学和湖北省图书馆的事").map((t) => t.text)).toEqual(
      ["兰州交通大学", "湖北省图书馆"],
    );
    expect(thingsNamedAfterPlaces("上海浦东机场大巴").map((t) => t.text)).toEqual(["上海浦东机场"]);
    expect(thingsNamedAfterPlaces("南京养老和南京的大学")).toEqual([]);
  });

  it("ends the thing's name only where a word ends", () => {
    expect(thingNameEnd("西安大学", 2)).toBe(4);
    expect(thingNameEnd("西安大学生", 2)).toBeNull();
    expect(thingNameEnd("西安的大学", 2)).toBeNull();
    expect(thingNameEnd("西安市第一医院", 3)).toBe(7);
  });
});
