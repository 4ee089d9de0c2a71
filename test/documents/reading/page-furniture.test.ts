import { describe, expect, it } from "vitest";
import {
  removeFurniture,
  stripEditorComments,
  unflatten,
} from "../../../src/documents/reading/page-furniture.ts";
import { toTextUnits } from "../../../src/documents/text-units.ts";

const kept = (text: string) => removeFurniture(toTextUnits(text)).units.map((u) => u.text);

describe("page furniture", () => {
  it("drops breadcrumbs, widgets, previous/next links, today's date and footers", () => {
    const text = [
      "当前位置：首页 > 政务公开 > 建议提案办理 > 正文",
      "首页 > 政务公开 > 建议提案办理 > 正文",
      "今天是2024年7月9日 星期二",
      "张三代表：",
      "[打印本页] [关闭窗口]",
      "【打印】【关闭】",
      "上一篇：关于县十八届人大三次会议第21号建议的答复",
      "下一篇：关于县政协十届三次会议第047号提案的答复",
      "主办单位：某某县人民政府办公室 网站标识码：4201000000",
      "鄂ICP备00000000号",
    ].join("\n");
    expect(kept(text)).toEqual(["张三代表："]);
  });

  it("cuts a widget out of a line it shares with text", () => {
    expect(kept("感谢您的关心和支持。【字体：大 中 小】")).toEqual(["感谢您的关心和支持。"]);
  });

  it("removes leftover editor comments", () => {
    expect(stripEditorComments("正文<!--EndFragment-->结束<!--StartFragment-->")).toBe("正文结束");
  });

  it("splits a page flattened into one line back into blocks", () => {
    const line = `首页 > 政务公开 > 正文 关于市十四届人大一次会议第245号建议的答复 赵敏代表： 您提出的建议收悉，现答复如下：${"我们做了很多工作。".repeat(30)} 某某市生态环境局 2023年6月30日 [打印本页] 上一篇：关于第198号建议的答复`;
    const { text, unflattened } = unflatten(line);
    expect(unflattened).toBe(true);
    expect(kept(text)).toEqual([
      "关于市十四届人大一次会议第245号建议的答复",
      "赵敏代表：",
      `您提出的建议收悉，现答复如下：${"我们做了很多工作。".repeat(30)}`,
      "某某市生态环境局",
      "2023年6月30日",
    ]);
  });

  it("leaves ordinary multi-line text alone", () => {
    const text = "第一段。\n\n第二段，区域技术交易额超过 2000 亿元。";
    expect(unflatten(text)).toEqual({ text, unflattened: false });
  });
});
