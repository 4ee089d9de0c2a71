import { describe, expect, it } from "vitest";
import {
  categoryOf,
  readResultLine,
  readTrailingClass,
} from "../../../src/documents/reading/result-mark.ts";

describe("办理结果 markings", () => {
  const lines: [string, string][] = [
    ["类别:A类", "A"],
    ["C", "C"],
    ["B1类", "B"],
    ["（B类）", "B"],
    ["办理结果:B类", "B"],
    ["办理结果：解决采纳", "A"],
    ["办理结果：正在解决", "B"],
    ["办理结果：列入计划", "C"],
    ["办理结果：留作参考", "D"],
    ["办理类别：A（已解决或基本解决）", "A"],
  ];
  for (const [line, category] of lines) {
    it(`reads ${line} as ${category}, label as printed`, () => {
      expect(readResultLine(line)).toEqual({ category, label: line });
    });
  }

  it("reads a class glued after a 文号", () => {
    expect(readTrailingClass("A类")).toEqual({ category: "A", label: "A类" });
    expect(readTrailingClass("（B类）同意公开")).toEqual({ category: "B", label: "（B类）" });
    expect(readTrailingClass("关于县十八届人大三次会议")).toBeNull();
  });

  it("does not take ordinary lines for marks", () => {
    expect(readResultLine("关于A类项目的说明")).toBeNull();
    expect(readResultLine("E")).toBeNull();
    expect(categoryOf("其他")).toBeNull();
  });
});
