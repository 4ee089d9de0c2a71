import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { parseReplyText } from "../../src/documents/reply-parser.ts";
import { DocumentError } from "../../src/errors.ts";

/** How the passes fall back on one another, on small replies written for each case. */

const BODY = "经研究，该路段已纳入今年公路安全生命防护工程实施计划，计划年底前完工。";

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DocumentError) return error.code;
    throw error;
  }
  return "parsed";
}

describe("falling back from pass to pass", () => {
  it("takes the session and number from the first sentence when there is no title", () => {
    const doc = parseReplyText(
      `张某代表：\n\n您在县第十八届人大二次会议上提出的《关于修缮村道的建议》（第17号）收悉。现答复如下：\n\n${BODY}\n\n2024年6月1日`,
    );
    expect(doc).toMatchObject({
      session: "县十八届人大二次会议",
      proposalNumber: "17",
      proposalTitle: "关于修缮村道的建议",
      title: null,
      issuer: null,
      date: "2024-06-01",
      dateSource: "signature",
    });
  });

  it("dates a reply by its page when neither signature nor metadata does, and never rejects it for that", () => {
    const text = `张某代表：\n\n您提出的《关于修缮村道的建议》收悉，现答复如下：\n\n${BODY}`;
    expect(parseReplyText(text)).toMatchObject({ date: null, dateSource: null });
    const html = `<html><head><meta name="PubDate" content="2024-07-02 16:20"></head><body><p>张某代表：</p><p>您提出的《关于修缮村道的建议》收悉，现答复如下：</p><p>${BODY}</p></body></html>`;
    const doc = parseReplyFile("page.html", new TextEncoder().encode(html));
    expect([doc.date, doc.dateSource]).toEqual(["2024-07-02", "published"]);
  });

  it("reports truncation only when the text stops mid-sentence", () => {
    const text = `张某代表：\n\n您提出的《关于修缮村道的建议》收悉，现答复如下：\n\n经研究，该路段已纳入今年公路安全生命防护工程实施计划，计划`;
    expect(code(() => parseReplyText(text))).toBe("FILE_TRUNCATED");
  });

  it("uses the metadata 名称 when the article shows no title", () => {
    const doc = parseReplyText(
      `索引号：X/2024-1\n发布机构：某某县交通运输局\n名称：关于县十八届人大三次会议第36号建议的答复\n张某代表：\n您提出的建议收悉，现答复如下：\n${BODY}`,
    );
    expect(doc).toMatchObject({
      title: "关于县十八届人大三次会议第36号建议的答复",
      session: "县十八届人大三次会议",
      proposalNumber: "36",
      issuer: "某某县交通运输局",
    });
  });

  it("finds the acknowledgement in the second paragraph after the greeting", () => {
    const doc = parseReplyText(
      `对县十八届人大三次会议第36号建议的答复\n\n张某代表：\n\n您提出的建议交我局办理。我局高度重视，组织人员开展了实地调查。\n\n现将办理情况答复如下：${BODY}\n\n某某县交通运输局\n\n2024年5月30日`,
    );
    expect(doc.proposers).toEqual(["张某"]);
    expect(doc.sections[0]?.text).toMatch(/^您提出的建议交我局办理/);
  });

  it("reads a signature with its date on the same line, a seal mark dropped, and a class after the title", () => {
    const doc = parseReplyText(
      `关于县十八届人大三次会议第36号建议的答复（A类）\n\n张某代表：\n\n您提出的建议收悉，现答复如下：\n\n${BODY}\n\n某某县交通运输局（盖章）2024年5月30日`,
    );
    expect(doc).toMatchObject({
      issuer: "某某县交通运输局",
      date: "2024-05-30",
      resultCategory: "A",
      resultLabel: "（A类）",
      title: "关于县十八届人大三次会议第36号建议的答复",
    });
  });

  it("names a section whose list numeral was lost", () => {
    const doc = parseReplyText(
      `张某代表：\n\n您提出的建议收悉，现答复如下：\n\n、关于道路维修\n\n${BODY}\n\n、关于路灯安装\n\n${BODY}\n\n某某县交通运输局\n\n2024年5月30日`,
    );
    expect(doc.sections.map((s) => s.title)).toEqual(["引言", "、关于道路维修", "、关于路灯安装"]);
  });

  it("splits a long reply on headings that only markup marks", () => {
    const doc = parseReplyText(
      `张某代表：\n\n您提出的建议收悉，现答复如下：\n\n### 道路维修\n\n${BODY}\n\n### 路灯安装\n\n${BODY}\n\n某某县交通运输局\n\n2024年5月30日`,
    );
    expect(doc.sections.map((s) => s.title)).toEqual(["引言", "道路维修", "路灯安装"]);
  });

  it("reads a short reply flattened into one line", () => {
    const doc = parseReplyText(
      "关于县十八届人大二次会议第7号建议的答复 张某代表： 您提出的《关于修缮村道的建议》收悉，现答复如下： 该路段已纳入今年计划。 某某镇人民政府 2024年6月3日",
    );
    expect(doc).toMatchObject({
      proposalNumber: "7",
      proposers: ["张某"],
      issuer: "某某镇人民政府",
      date: "2024-06-03",
    });
  });

  it("reads a 会办意见 without a title from its acknowledgement", () => {
    const doc = parseReplyText(
      `区住房和城乡建设局：\n\n王某代表提出的《关于增设停车位的建议》收悉。我局作为会办单位，现将会办意见函告如下：\n\n${BODY}\n\n以上意见供你局统一答复时参考。\n\n某某区教育局\n\n2024年5月27日`,
    );
    expect(doc).toMatchObject({
      replyKind: "会办意见",
      recipient: "区住房和城乡建设局",
      proposers: ["王某"],
    });
  });
});
