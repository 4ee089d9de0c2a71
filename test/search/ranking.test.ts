import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import type { BotReply } from "../../src/answering/reply-model.ts";
import { openTestApp } from "../helpers/app.ts";
import { tempDir } from "../helpers/corpus.ts";
import { type FixtureReply, writeFixtureReplies } from "../helpers/fixture-replies.ts";

const FIXTURES: FixtureReply[] = [
  {
    docNumber: "沪测复〔2023〕1号",
    number: "0101",
    proposers: "王小明、李华等委员",
    title: "关于加快人工智能产业发展的建议",
    topics: [
      ["发展人工智能产业", "本市人工智能企业超过1100家，产业规模达到3800亿元。"],
      ["人工智能人才培养", "全市高校开设人工智能专业点58个，在校学生1.2万人。"],
      ["人工智能算力建设", "公共算力平台总规模达到12000P，服务人工智能企业400余家。"],
    ],
    date: "2023-05-10",
  },
  {
    docNumber: "沪测复〔2024〕7号",
    number: "0202",
    kind: "代表建议",
    proposers: "赵六代表",
    title: "关于支持集成电路设计企业的建议",
    topics: [
      ["集成电路设计", "本市集成电路设计企业营收增长15%，人工智能芯片企业20家。"],
      ["流片补贴", "对首次流片的企业给予最高500万元补贴，已支持企业36家。"],
    ],
    date: "2024-04-02",
  },
  {
    docNumber: "沪测复〔2024〕9号",
    number: "0303",
    proposers: "孙七等委员",
    title: "关于提升生物医药创新能力的建议",
    topics: [
      [
        "生物医药临床研究",
        "全市研究型病房达到22家，开展临床试验1300项。人工智能辅助诊断也在试点。",
      ],
    ],
    date: "2024-06-20",
  },
];

let answerer: Answerer;
let cleanup: () => Promise<void>;
const corpus = tempDir();

beforeAll(async () => {
  writeFixtureReplies(path.join(corpus.dir, "replies"), FIXTURES);
  const opened = await openTestApp(path.join(corpus.dir, "replies"));
  cleanup = opened.cleanup;
  answerer = createAnswerer(opened.app, { pageSize: 3 });
});

afterAll(async () => {
  await cleanup();
  corpus.cleanup();
});

function answer(reply: BotReply) {
  if (reply.kind !== "answer") throw new Error(`expected an answer, got ${reply.kind}`);
  return reply;
}
const labels = (reply: BotReply) => answer(reply).items.map((i) => i.citation.label);

describe("ranking on a fixture corpus", () => {
  it("puts the section that answers first, with its figure in the excerpt", async () => {
    const reply = answer(await answerer.answer({ text: "公共算力平台总规模有多大" }));
    expect(reply.items[0]?.citation).toMatchObject({
      label: "沪测复〔2023〕1号",
      section: "关于“人工智能算力建设”的建议",
    });
    expect(reply.items[0]?.excerpt).toContain("12000P");
    expect(reply.items[0]?.segments.some((s) => s.mark && s.text.includes("算力平台"))).toBe(true);
  });

  it("shows at most two excerpts of one reply on a page", async () => {
    const reply = await answerer.answer({ text: "人工智能企业有多少家" });
    const fromFirst = labels(reply).filter((l) => l === "沪测复〔2023〕1号");
    expect(fromFirst.length).toBeLessThanOrEqual(2);
    expect(new Set(labels(reply)).size).toBeGreaterThan(1);
  });

  it("shows more of one reply when the question names it", async () => {
    const reply = await answerer.answer({ text: "沪测复〔2023〕1号中人工智能的情况" });
    expect(labels(reply)).toEqual(["沪测复〔2023〕1号", "沪测复〔2023〕1号", "沪测复〔2023〕1号"]);
  });

  it("finds a reply by its proposers", async () => {
    expect(labels(await answerer.answer({ text: "赵六代表的建议" }))[0]).toBe("沪测复〔2024〕7号");
    expect(labels(await answerer.answer({ text: "孙七委员提案的答复" }))[0]).toBe(
      "沪测复〔2024〕9号",
    );
  });

  it("applies a year or kind filter when the question is about replies", async () => {
    expect(labels(await answerer.answer({ text: "2024年关于人工智能的提案答复" }))).toEqual([
      "沪测复〔2024〕9号",
    ]);
    expect(labels(await answerer.answer({ text: "人工智能方面的代表建议" }))).toEqual([
      "沪测复〔2024〕7号",
    ]);
  });

  it("drops a strict filter that finds nothing, and says so", async () => {
    const reply = answer(await answerer.answer({ text: "2022年关于公共算力平台的答复" }));
    expect(reply.items[0]?.citation.label).toBe("沪测复〔2023〕1号");
    expect(reply.notes.join("")).toContain("筛选条件");
  });

  it("pages through results", async () => {
    const first = answer(await answerer.answer({ text: "人工智能", page: 1 }));
    const second = await answerer.answer({ text: "人工智能", page: 2 });
    expect(first.hasMore).toBe(true);
    expect(second.kind).toBe("answer");
    const third = await answerer.answer({ text: "人工智能", page: 5 });
    expect(third).toMatchObject({ kind: "no_answer", reason: "no_more" });
  });

  it("says plainly when nothing answers", async () => {
    for (const text of ["今天天气怎么样", "量子通信卫星发射了几颗", "市测试委员会主任是谁"]) {
      expect((await answerer.answer({ text })).kind, text).toBe("no_answer");
    }
  });
});
