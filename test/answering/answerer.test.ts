import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import type { App } from "../../src/app.ts";
import { countReplies, listReplies } from "../../src/storage/reply.repository.ts";
import { openTestApp } from "../helpers/app.ts";

let app: App;
let answerer: Answerer;
let cleanup: () => Promise<void>;
const errors: unknown[] = [];

beforeAll(async () => {
  ({ app, cleanup } = await openTestApp());
  answerer = createAnswerer(app, { logError: (e) => errors.push(e) });
});
afterAll(() => cleanup());

describe("bad input gets a helpful reply and breaks nothing", () => {
  const cases: [string, string, string[]][] = [
    ["empty text", "", ["help"]],
    ["whitespace", "   \n\t  ", ["help"]],
    ["punctuation only", "？？！！。。，", ["help"]],
    ["emoji only", "😀👍🎉", ["help"]],
    ["control characters", "\u0000\u0001\u0007\u001b[31m", ["help", "no_answer"]],
    ["HTML tags", "<script>alert('x')</script><b>你好</b>", ["no_answer"]],
    ["SQL-looking text", "'; DROP TABLE reply; -- OR 1=1", ["no_answer"]],
    ["10,000 characters", "科技创新".repeat(2500), ["answer", "no_answer"]],
    ["an unknown command", "/frobnicate", ["help"]],
    ["/doc without a number", "/doc", ["help"]],
  ];
  for (const [label, text, kinds] of cases) {
    it(`answers ${label}`, async () => {
      const reply = await answerer.answer({ text });
      expect(kinds).toContain(reply.kind);
    });
  }

  it("notes that a very long question was shortened", async () => {
    const reply = await answerer.answer({
      text: `上海科技型企业贷款余额有多少${"。".repeat(300)}`,
    });
    expect(reply.kind === "answer" && reply.notes.join("")).toContain("200");
  });

  it("leaves the database as it was and logs no error", async () => {
    await answerer.answer({ text: "'; DELETE FROM reply; --" });
    expect(await countReplies(app.db)).toBe(5);
    expect(errors).toEqual([]);
  });
});

describe("commands and intents", () => {
  it("looks up a bare 文号 or proposal number instead of searching", async () => {
    const reply = await answerer.answer({ text: "沪科提复〔2023〕45号" });
    expect(reply).toMatchObject({
      kind: "document",
      document: { label: "沪科提复〔2023〕45号", proposers: ["姜雪峰", "洪亮", "王彦"] },
    });
    expect((await answerer.answer({ text: "/doc 第0297号代表建议" })).kind).toBe("document");
  });

  it("says not found, with near matches, for an unknown number", async () => {
    expect(await answerer.answer({ text: "/doc 沪科建复〔2024〕44号" })).toEqual({
      kind: "not_found",
      reference: "沪科建复〔2024〕44号",
      reason: "not_found",
      suggestions: ["沪科建复〔2024〕43号"],
    });
  });

  it("lists the newest replies, with filters", async () => {
    const all = await answerer.answer({ text: "/latest" });
    expect(all.kind === "list" && all.items.map((i) => i.date)).toEqual([
      "2024-06-05",
      "2024-05-27",
      "2023-05-16",
      "2023-03-24",
      "2022-06-06",
    ]);
    const yangpu = await answerer.answer({ text: "杨浦区最新答复" });
    expect(yangpu.kind === "list" && yangpu.items.map((i) => i.label)).toEqual(["杨府〔2023〕6号"]);
    const byYear = await answerer.answer({ text: "2023年市科委的答复" });
    expect(byYear.kind === "list" && byYear.items.map((i) => i.label)).toEqual([
      "沪科提复〔2023〕45号",
    ]);
  });

  it("answers /ask and /help", async () => {
    expect(
      (await answerer.answer({ text: "/ask@dafu_bot 上海科技型企业贷款余额有多少" })).kind,
    ).toBe("answer");
    const help = await answerer.answer({ text: "/help" });
    expect(help).toMatchObject({ kind: "help", intro: null });
    // Its examples come from the corpus loaded: the newest 文号 and an issuer it holds.
    const [newest] = await listReplies(app.db, { limit: 1 });
    expect(help.kind === "help" && help.examples).toMatchObject({
      docNumber: newest?.docNumber,
      issuer: newest?.issuer,
    });
    expect((await answerer.answer({ text: "帮助" })).kind).toBe("help");
  });

  it("finds a traditional-character question in simplified text", async () => {
    const reply = await answerer.answer({ text: "長三角集聚了全國多少比例的科創板上市企業" });
    expect(reply.kind === "answer" && reply.items[0]?.excerpt).toContain("47%");
  });
});

describe("questions the bundled replies do not answer", () => {
  const OFF_TOPIC = [
    "今天天气怎么样",
    "明天上海会下雨吗",
    "量子计算机有多少台",
    "北京的房价是多少",
    "如何申请护照",
    "你好",
    "asdfgh",
    "火星探测器什么时候发射",
    "个人所得税怎么交",
    "上海有多少家医院",
    "足球比赛结果",
    "上海的地铁有几条线路",
    "市科委主任是谁",
    "黄浦江有多长",
    "上海有多少人口",
  ];
  for (const text of OFF_TOPIC) {
    it(`says plainly that nothing answers “${text}”`, async () => {
      expect((await answerer.answer({ text })).kind).toBe("no_answer");
    });
  }
});
