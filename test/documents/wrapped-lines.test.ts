import { describe, expect, it } from "vitest";
import { isReply } from "../../src/documents/reading/reply-cues.ts";
import { parseReplyText } from "../../src/documents/reply-parser.ts";
import { joinWrappedLines, toTextUnits } from "../../src/documents/text-units.ts";

const join = (text: string) => joinWrappedLines(toTextUnits(text)).map((u) => u.text);

const TITLE = "关于市九届人大四次会议第27号建议的答复";
const GREETING = "陈志远代表：";
const BODY = [
  "我局已在主城区建成公共充电桩420个，今年将新增260个。",
  "市发展和改革委员会",
  "2024年8月6日",
];

describe("lines wrapped mid-sentence", () => {
  it("joins an acknowledgement cut before its first stop", () => {
    expect(join("您提出的关于加快新能源汽车\n充电设施建设的建议收悉，现答复如下：")).toEqual([
      "您提出的关于加快新能源汽车充电设施建设的建议收悉，现答复如下：",
    ]);
  });

  it("joins a line left inside an open 《 or “", () => {
    expect(join("您提出的《关于加快充电设施\n建设的建议》收悉。")).toHaveLength(1);
    expect(join("你们提出的“关于加快充电设施\n建设的建议”收悉。")).toHaveLength(1);
  });

  it("joins a line naming what was proposed to the acknowledgement it runs into", () => {
    expect(join("由您领衔提出的\n《关于加快充电设施建设的建议》收悉，现答复如下：")).toHaveLength(
      1,
    );
    expect(join("市人大代表赵明远在会上提出的关于加快\n充电设施建设的建议收悉。")).toHaveLength(1);
  });

  it("never joins a title, a greeting, a numbered item, a date or a signature", () => {
    expect(join(`${TITLE}\n${GREETING}`)).toHaveLength(2);
    expect(join("您提出的建议收悉，现答复如下：\n一、加快建设")).toHaveLength(2);
    expect(join("市发展和改革委员会\n2024年8月6日")).toHaveLength(2);
    expect(join("您的来信\n联系人：王强")).toHaveLength(2);
  });

  it("reads a reply whose acknowledgement is wrapped, with and without a title", () => {
    const wrapped = [
      GREETING,
      "您提出的关于加快新能源汽车",
      "充电设施建设的建议收悉，现答复如下：",
      ...BODY,
    ];
    for (const lines of [[TITLE, ...wrapped], wrapped]) {
      const doc = parseReplyText(lines.join("\n"));
      expect(doc.proposalTitle).toBe("关于加快新能源汽车充电设施建设的建议");
      expect(doc.proposers).toEqual(["陈志远"]);
    }
  });

  it("reads a 《》 title wrapped inside its brackets, keeping the rest out of the body's start", () => {
    const doc = parseReplyText(
      [
        GREETING,
        "您提出的《关于加快新能源汽车充电设施",
        "建设的建议》收悉，现答复如下：",
        ...BODY,
      ].join("\n"),
    );
    expect(doc.proposalTitle).toBe("关于加快新能源汽车充电设施建设的建议");
    expect(doc.sections.map((s) => s.text).join("")).not.toMatch(/^建设的建议》/);
  });
});

describe("is it a reply", () => {
  it("a title naming the answer and a greeting are enough", () => {
    expect(isReply({ greeting: true, acknowledged: false, answerTitle: true, prose: false })).toBe(
      true,
    );
    const doc = parseReplyText(
      [TITLE, GREETING, "已按计划完成改造。", ...BODY.slice(1)].join("\n"),
    );
    expect(doc.session).toBe("市九届人大四次会议");
  });

  it("one cue alone is not", () => {
    expect(isReply({ greeting: false, acknowledged: false, answerTitle: true, prose: true })).toBe(
      false,
    );
    expect(isReply({ greeting: true, acknowledged: false, answerTitle: false, prose: true })).toBe(
      false,
    );
  });
});
