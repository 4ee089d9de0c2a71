import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { stripControlCharacters } from "../../src/text/control-characters.ts";
import { parseDamagedDate, parseDateLine } from "../../src/text/line-dates.ts";

const ESC = "\u001b";
const encode = (text: string) => new TextEncoder().encode(text);
const REPLY = [
  "关于县十八届人大三次会议第36号建议的答复",
  "张三代表：",
  "您提出的《关于修路的建议》收悉，现答复如下：",
  `${"该路段全长十八公里，沿线弯多坡陡，临水临崖路段较多。".repeat(40)}我局已将该路段纳入今年计划，年底前完工。`,
  "某某县交通运输局",
  "2024年5月30日",
].join("\n\n");

describe("control characters and terminal escapes", () => {
  it("strips CSI, OSC and other escapes, C0/C1 controls and bidi overrides, keeping \\n and \\t", () => {
    const dirty = `a${ESC}[31mb${ESC}[0m${ESC}]0;title\u0007c${ESC}]8;;http://x${ESC}\\d\u0008e\u009bf\u202eg\th\r\ni${ESC}c`;
    // \u009b is a one-character CSI: it swallows its final byte `f`.
    expect(stripControlCharacters(dirty)).toBe("abcdeg\th\ni");
    expect(stripControlCharacters("第一行\r第二行\f第三行")).toBe("第一行\n第二行\n第三行");
  });

  it("leaves clean text untouched", () => {
    expect(stripControlCharacters(REPLY)).toBe(REPLY);
  });

  it("parses a reply carrying escapes into fields that hold none", () => {
    const dirty = REPLY.replace("张三代表", `张三${ESC}[2J${ESC}]52;c;AAAA\u0007代表`).replace(
      "年底前完工。",
      `年底前完工。${ESC}[?1049h\u0007&#27;[31m`,
    );
    const doc = parseReplyFile("x.txt", encode(dirty));
    expect(doc.proposers).toEqual(["张三"]);
    const all = JSON.stringify(doc);
    expect(all).not.toMatch(/\\u001b|\\u0007|\\u009b/);
  });

  it("decodes HTML entities exactly once", () => {
    const doc = parseReplyFile(
      "x.txt",
      encode(REPLY.replace("年底前完工。", "年底前完工&amp;lt;见附件&amp;gt;。")),
    );
    expect(doc.sections.map((s) => s.text).join("")).toContain("&lt;见附件&gt;");
  });

  it("reads a one-megabyte single-line file (the session and title patterns stay linear)", () => {
    const line = `${"关于县十八届人大三次会议对于在区政协".repeat(30_000)}${REPLY.replaceAll("\n\n", " ")}`;
    expect(line.length).toBeGreaterThan(500_000);
    const bytes = encode(line);
    expect(bytes.length).toBeGreaterThan(1_000_000);
    const doc = parseReplyFile("long.txt", bytes);
    expect(doc.proposers).toEqual(["张三"]);
    expect(doc.date).toBe("2024-05-30");
  });
});

describe("long lines of junk", () => {
  it("rejects a one-megabyte line of space-separated junk as no reply", () => {
    const junk = `${"第 12 届 人大 会议 ".repeat(60_000)}${REPLY.replaceAll("\n\n", " ")}`;
    expect(encode(junk).length).toBeGreaterThan(1_000_000);
    let code = "parsed";
    try {
      parseReplyFile("junk.txt", encode(junk));
    } catch (error) {
      code = (error as { code?: string }).code ?? "other";
    }
    expect(code).toBe("NOT_A_REPLY");
  });
});

describe("dates on a line of their own", () => {
  it("reads intact and Chinese-numeral dates", () => {
    expect(parseDateLine("2024年5月30日")).toBe("2024-05-30");
    expect(parseDateLine("二〇二二年七月一日")).toBe("2022-07-01");
    expect(parseDateLine("二〇二三年十二月三十一日")).toBe("2023-12-31");
    // ○ (white circle) is often typed for 〇.
    expect(parseDateLine("二○二二年七月一日")).toBe("2022-07-01");
  });

  it("repairs dates that lost characters only when one reading is possible", () => {
    expect(parseDamagedDate("2023年619")).toBe("2023-06-19");
    expect(parseDamagedDate("2023927")).toBe("2023-09-27");
    expect(parseDamagedDate("20235月18日")).toBe("2023-05-18");
    expect(parseDamagedDate("2023年111")).toBeNull();
    expect(parseDamagedDate("2023年1332")).toBeNull();
    expect(parseDateLine("0715-2362118")).toBeNull();
    expect(parseDateLine("2023年2月30日")).toBeNull();
  });
});
