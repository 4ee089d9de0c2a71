import { describe, expect, it } from "vitest";
import { readMetadata } from "../../../src/documents/reading/metadata-block.ts";
import { toTextUnits } from "../../../src/documents/text-units.ts";

const read = (text: string) => readMetadata(toTextUnits(text));

describe("metadata blocks", () => {
  it("reads an HTML table or markdown pipe rows, an empty 文号 kept as empty", () => {
    const { metadata, units } = read(
      "| 索引号 | 0024/2024-00217 | 发布机构 | 某某市交通运输局 |\n| --- | --- | --- | --- |\n文号 |  | 成文日期 | 2024-06-20\n正文第一段。",
    );
    expect(Object.fromEntries(metadata)).toEqual({
      索引号: "0024/2024-00217",
      发布机构: "某某市交通运输局",
      文号: "",
      成文日期: "2024-06-20",
    });
    expect(units.map((u) => u.text)).toEqual(["正文第一段。"]);
  });

  it("reads label: value lines, bullets and spaced labels", () => {
    const { metadata } = read(
      "- 索 引 号：A-1\n- 发布机构: 某某县民政局\n发布时间：2023-07-10 09:41",
    );
    expect(Object.fromEntries(metadata)).toEqual({
      索引号: "A-1",
      发布机构: "某某县民政局",
      发布日期: "2023-07-10 09:41",
    });
  });

  it("reads one label per line with its value on the next", () => {
    const { metadata, units } = read(
      "索引号\nX/2024-00046\n发布机构\n某某区卫生健康局\n文号\n成文日期\n2024-04-19\n区民政局：",
    );
    expect(Object.fromEntries(metadata)).toEqual({
      索引号: "X/2024-00046",
      发布机构: "某某区卫生健康局",
      文号: "",
      成文日期: "2024-04-19",
    });
    expect(units.map((u) => u.text)).toEqual(["区民政局："]);
  });

  it("records 办理结果 from a table, and leaves a 办理结果： line for the head pass", () => {
    const table = read("索引号 | X/2024-1 | 办理结果 | B类\n发布机构 | 某某县民政局");
    expect(table.metadata.get("办理结果")).toBe("B类");
    expect(table.units).toHaveLength(0);
    const line = read("办理结果：正在解决\n索引号：X\n发布机构：某某县民政局");
    expect(line.metadata.get("办理结果")).toBe("正在解决");
    expect(line.units.map((u) => u.text)).toEqual(["办理结果：正在解决"]);
  });

  it("does not take the title under an empty last label for its value", () => {
    const { metadata, units } = read(
      "发布机构\n某某县教育局\n文号\n关于县十八届人大二次会议第7号建议的答复",
    );
    expect(metadata.get("文号")).toBe("");
    expect(units.map((u) => u.text)).toEqual(["关于县十八届人大二次会议第7号建议的答复"]);
  });

  it("leaves a single stray label in the text", () => {
    const { metadata, units } = read("主题词：人大代表建议 答复\n抄送：镇人大主席团。");
    expect(metadata.size).toBe(0);
    expect(units).toHaveLength(2);
  });
});
