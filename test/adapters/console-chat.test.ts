import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleChat } from "../../adapters/console/console-chat.ts";
import { renderText } from "../../adapters/console/render-text.ts";
import { createAnswerer } from "../../src/answering/answerer.ts";
import { createConversation } from "../../src/answering/conversation.ts";
import type { App } from "../../src/app.ts";
import { openTestApp } from "../helpers/app.ts";

let app: App;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ app, cleanup } = await openTestApp());
});
afterAll(() => cleanup());

/** Types `lines` into the console chat and returns everything it printed. */
async function converse(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => {
    printed += chunk;
  });
  const conversation = createConversation({ answerer: createAnswerer(app), db: app.db });
  const chat = createConsoleChat(conversation, { input, output, greeting: "你好" });
  const done = chat.start();
  input.end(`${lines.join("\n")}\n`);
  await done;
  return printed;
}

describe("console chat", () => {
  it("answers a question with a cited excerpt, then pages, looks up and quits", async () => {
    const printed = await converse([
      "上海有效期内的高新技术企业有多少家",
      "更多",
      "/doc 杨府 2023 6",
      "/quit",
      "这一行不会被处理",
    ]);
    const blocks = printed.trim().split("\n\n");
    expect(blocks[0]).toBe("你好");
    expect(blocks[1]).toBe(
      [
        "1. 本市有效期内高新技术企业超过2.2万家，市科创办建立对区域内高企的鼓励机制，如对首次认定为高新技术企业的单位或新引进张江示范区的高新技术企业给予支持，对高增长的高新技术企业给予支持，对企业首次获得银行贷款给予支持，对企业实施集成电路、生物医药、人工智能等产业领域关键核心技术攻关给予支持等。",
        "   —— 沪科提复〔2023〕45号 · 上海市科学技术委员会 · 2023-05-16 · 关于“建立对企业‘科创属性’的鼓励机制”的建议方面 › 一是持续深化“科技创新创业团队-科技型中小企业-高新技术企业-科技小巨人”的科技…",
        "2. 2021年全市有效期内高新技术企业总数超过20000家，同比增长17.5%。",
        "   —— 沪科提复〔2022〕8号 · 上海市科学技术委员会 · 2022-06-06 · 关于“加强政策的支持与宣导力度”方面",
        "3. 杨浦现有国家级大学科技园7家（占上海50%、全国5%），国家级工程技术研究中心3家、重点实验室11家、企业技术中心5家，“专精特新”小巨人企业23家、市科技小巨人（培育）企业122家，区级科技小巨人企业254家，区级双创小巨人49家，高新技术企业超过1200家，“专精特新”企业258家。",
        "   —— 杨府〔2023〕6号 · 上海市杨浦区人民政府 · 2023-03-24 · 办理结果 A 类 · 四、关于发挥企业科技创新主体作用 › （一）强化创新主体培育",
        "还有更多结果：回复“更多”查看下一页。",
      ].join("\n"),
    );
    expect(blocks[2]).toMatch(/^1\. /);
    expect(blocks[3]).toMatch(
      /^杨府〔2023〕6号 · 上海市杨浦区人民政府 · 2023-03-24\n对市十六届人大一次会议第0297号代表建议的会办意见/,
    );
    expect(printed).not.toContain("这一行不会被处理");
  });

  it("ends at the end of input and survives odd lines", async () => {
    const printed = await converse(["", "😀", "<b></b>", "'; DROP TABLE reply; --"]);
    expect(printed).toContain("请直接输入问题");
    expect(printed).toContain("没有找到能回答");
  });
});

describe("text renderer", () => {
  it("bolds matched terms only when asked for ANSI", () => {
    const reply = {
      kind: "answer" as const,
      query: "q",
      page: 1,
      hasMore: false,
      notes: [],
      items: [
        {
          citation: {
            label: "沪测复〔2023〕1号",
            docNumber: "沪测复〔2023〕1号",
            issuer: "某委",
            date: "2023-01-02",
            section: "引言",
            subsection: null,
            replyKind: "答复",
            proposalTitle: null,
          },
          excerpt: "甲乙丙",
          segments: [
            { text: "甲", mark: false },
            { text: "乙", mark: true },
            { text: "丙", mark: false },
          ],
          score: 1,
        },
      ],
    };
    expect(renderText(reply)).toBe("1. 甲乙丙\n   —— 沪测复〔2023〕1号 · 某委 · 2023-01-02 · 引言");
    expect(renderText(reply, { ansi: true })).toContain("甲\x1b[1m乙\x1b[22m丙");
  });
});
