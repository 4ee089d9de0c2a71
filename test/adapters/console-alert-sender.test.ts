import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createConsoleAlertSender } from "../../adapters/console/alert-sender.ts";
import { alertItem, alertMessage, alertTarget, HOSTILE } from "./alert-fixtures.ts";

function printed(): { output: PassThrough; text: () => string } {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return { output, text: () => chunks.join("") };
}

describe("console alert sender", () => {
  it("prints an alert with every field and where to open it", async () => {
    const { output, text } = printed();
    const sender = createConsoleAlertSender(output);
    const item = alertItem({ source: "https://gov.example.cn/zwgk/12.html" });
    expect((await sender.send(alertTarget("console"), alertMessage([item]))).kind).toBe("sent");
    for (const part of [
      "【订阅提醒：新答复】",
      "关于加快乡村客运站建设的建议的答复",
      "某交提复〔2024〕12号",
      "办理结果：A类（已解决或采纳）",
      "匹配章节：二、下一步工作打算",
      "打开答复：https://gov.example.cn/zwgk/12.html",
    ])
      expect(text()).toContain(part);
  });

  it("numbers a digest and says what a revision changed", async () => {
    const { output, text } = printed();
    const items = [
      alertItem({ title: "甲" }),
      alertItem({ title: "乙", revised: true, changes: ["办理结果：B类 → A类"] }),
    ];
    await createConsoleAlertSender(output).send(alertTarget("console"), alertMessage(items));
    expect(text()).toContain("【订阅提醒：1 份新答复，1 份已更新】");
    expect(text()).toContain("1. 甲");
    expect(text()).toContain("2. 乙");
    expect(text()).toContain("已更新：办理结果：B类 → A类");
  });

  it("drops escape sequences and control characters from document text", async () => {
    const { output, text } = printed();
    const item = alertItem({ title: HOSTILE, excerpt: HOSTILE });
    await createConsoleAlertSender(output).send(alertTarget("console"), alertMessage([item]));
    expect(text()).toContain("- 列表 红 &amp;");
    expect([...text()].some((c) => c === "\u001b" || c === "\u0007")).toBe(false);
  });
});
