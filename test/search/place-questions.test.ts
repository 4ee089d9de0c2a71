import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import type { App } from "../../src/app.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import { analyzeQuestion } from "../../src/search/query-analysis.ts";
import { openAppOverReplies, searchQuestion } from "../helpers/app.ts";

/** A short reply of one place; the text is one topic section. */
function reply(place: string, issuer: string, number: string, text: string): ReplyDocument {
  return {
    docNumber: null,
    issuer,
    replyKind: "答复",
    proposalKind: "建议",
    session: place === "湖北省" ? "省十四届人大二次会议" : "县十八届人大三次会议",
    proposalNumber: number,
    proposers: ["张明"],
    recipient: null,
    proposalTitle: "关于改善农村出行条件的建议",
    date: "2024-06-05",
    result: null,
    resultCategory: null,
    resultLabel: null,
    dateSource: "signature",
    place,
    issuers: [issuer],
    title: null,
    appendedProposal: null,
    disclosure: null,
    contact: null,
    cc: [],
    sections: [{ title: "正文", kind: "topic", text, subsections: [] }],
  };
}

const REPLIES = [
  reply(
    "通山县",
    "通山县交通运输局",
    "36",
    "今年全县计划改造农村公路45公里，总投资约2300万元，年底前完工。",
  ),
  reply(
    "永善县",
    "永善县交通运输局",
    "36",
    "今年全县计划改造农村公路60公里，总投资约3100万元，11月底前完工。",
  ),
  reply(
    "永善县",
    "永善县卫生健康局",
    "41",
    "为黄华镇中心卫生院配置一台CT需购置资金约380万元，已纳入明年项目库。",
  ),
  reply(
    "湖北省",
    "湖北省交通运输厅",
    "0512",
    "九宫山旅游公路位于咸宁市通山县境内，全长28公里，计划2025年6月建成通车。",
  ),
];

let app: App;
let answerer: Answerer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ app, cleanup } = await openAppOverReplies(REPLIES, "r"));
  answerer = createAnswerer(app, { pageSize: 3 });
});
afterAll(() => cleanup());

const search = (question: string) => searchQuestion(app, question);

describe("questions naming a place", () => {
  it("finds the place a question names, in full or short", () => {
    const names = (q: string) => analyzeQuestion(q).filters.places.map((p) => p.name);
    expect(names("通山农村公路改造了多少公里")).toEqual(["通山县"]);
    expect(names("永善县农村公路")).toEqual(["永善县"]);
    expect(names("农村公路改造了多少公里")).toEqual([]);
  });

  it("answers from that place's replies only", async () => {
    for (const [question, place, figure] of [
      ["通山农村公路改造了多少公里", "通山县", "45公里"],
      ["永善县今年改造多少公里农村公路", "永善县", "60公里"],
    ] as const) {
      const { hits } = await search(question);
      expect(hits[0]?.excerpt.text).toContain(figure);
      for (const hit of hits)
        expect(hit.reply.place, question).not.toBe(place === "通山县" ? "永善县" : "通山县");
    }
  });

  it("ranks across all places when the question names none, and the hits carry their place", async () => {
    const { hits } = await search("今年农村公路改造了多少公里");
    expect(new Set(hits.map((h) => h.reply.place))).toEqual(new Set(["通山县", "永善县"]));
  });

  it("counts a reply of a larger division that names the place in its text", async () => {
    const { hits } = await search("通山九宫山旅游公路什么时候通车");
    expect(hits[0]?.reply.place).toBe("湖北省");
    expect(hits[0]?.excerpt.text).toContain("2025年6月");
  });

  it("counts replies of the places inside a larger division the question names", async () => {
    const { hits } = await search("湖北农村公路改造了多少公里");
    expect(hits.map((h) => h.reply.place)).toContain("通山县");
    expect(hits.map((h) => h.reply.place)).not.toContain("永善县");
  });

  it("gives no answer about a place no reply belongs to or names", async () => {
    const outcome = await search("哈尔滨农村公路改造了多少公里");
    expect(outcome.hits).toEqual([]);
    expect(outcome.placesWithoutReplies).toEqual(["哈尔滨市"]);
    const reply = await answerer.answer({ text: "株洲今年农村公路改造了多少公里" });
    expect(reply.kind).toBe("no_answer");
    if (reply.kind === "no_answer") expect(reply.notes.join("")).toContain("株洲市");
  });

  it("gives no answer about a place's matter none of its replies treats", async () => {
    // Every passage of 通山's replies names 通山 (issuer, session): that alone answers nothing.
    expect((await answerer.answer({ text: "通山县有多少家养老院" })).kind).toBe("no_answer");
    expect((await search("永善县卫生院配CT要多少钱")).hits[0]?.excerpt.text).toContain("380万元");
  });

  it("reads a short place and an abbreviated body as that place's body", async () => {
    for (const question of ["永善卫健局给黄华镇配CT了吗", "永善县卫健局给黄华镇配CT了吗"]) {
      const reply = await answerer.answer({ text: question });
      expect(reply.kind, question).toBe("answer");
      const { hits } = await search(question);
      expect(hits[0]?.reply.issuer, question).toBe("永善县卫生健康局");
    }
  });

  it("lists a place's replies when the question names only the place", async () => {
    const reply = await answerer.answer({ text: "永善县的答复" });
    expect(reply.kind).toBe("list");
    if (reply.kind === "list") {
      expect(reply.items.map((i) => i.issuer).sort()).toEqual([
        "永善县交通运输局",
        "永善县卫生健康局",
      ]);
    }
  });

  it("drops a year filter that finds nothing, but never the place", async () => {
    const outcome = await search("2019年通山县关于农村公路改造的答复");
    expect(outcome.filtersRelaxed).toBe(true);
    expect(outcome.hits.length).toBeGreaterThan(0);
    for (const hit of outcome.hits) expect(hit.reply.place).not.toBe("永善县");
  });
});
