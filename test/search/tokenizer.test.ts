import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { normalizeForSearch, tokenize } from "../../src/search/tokenizer.ts";
import { corpusFile } from "../helpers/corpus.ts";

describe("tokenizer", () => {
  it("turns Han runs into overlapping bigrams", () => {
    expect(tokenize("科技创新")).toEqual(["科技", "技创", "创新"]);
  });

  it("gives the same tokens at index and query time, whatever the width, case or script", () => {
    const indexed = tokenize("InnoMatch 全球技术供需对接平台");
    expect(tokenize("ＩｎｎｏＭａｔｃｈ全球技術供需對接平臺")).toEqual(indexed);
    expect(tokenize("innomatch 全球技术供需对接平台")).toEqual(indexed);
  });

  it("converts traditional to simplified", () => {
    expect(normalizeForSearch("長三角科技創新共同體")).toBe("长三角科技创新共同体");
    expect(tokenize("建設進展")).toEqual(tokenize("建设进展"));
  });

  it("keeps numbers whole, with their 万/亿 unit and percent sign", () => {
    expect(tokenize("参与供需对接 18569 人次")).toContain("18569");
    expect(tokenize("授信约 18.62 亿元")).toEqual(expect.arrayContaining(["18.62", "18.62亿"]));
    expect(tokenize("近 1.6 万项")).toEqual(expect.arrayContaining(["1.6", "1.6万"]));
    expect(tokenize("47%的科创板上市企业")).toEqual(expect.arrayContaining(["47", "47%"]));
    expect(tokenize("18569")).not.toContain("1856");
  });

  it("ignores markdown emphasis", () => {
    expect(tokenize("**一是支持平台**")).toEqual(tokenize("一是支持平台"));
  });

  it("finds the word a page break had split, once the parser has repaired it", () => {
    const doc = parseReplyFile("x.md", corpusFile("沪科建复-2024-43").bytes);
    const tokens = new Set(tokenize(doc.sections.map((s) => s.text).join("\n")));
    for (const t of tokenize("技术经理人协作模式")) expect(tokens).toContain(t);
  });
});
