import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answerer, createAnswerer } from "../../src/answering/answerer.ts";
import type { App } from "../../src/app.ts";
import type { ReplyDocument } from "../../src/documents/reply.ts";
import { lookupReference } from "../../src/lookup/lookup.ts";
import { analyzeQuestion } from "../../src/search/query-analysis.ts";
import { openAppOverReplies, searchQuestion } from "../helpers/app.ts";

/**
 * Short place names that are also everyday words (双峰, 三台, 福田): two
 * invented counties, one of them such a name, and questions about a third.
 */
function reply(place: string, issuer: string, number: string, text: string): ReplyDocument {
  return {
    docNumber: null,
    issuer,
    replyKind: "答复",
    proposalKind: "建议",
    session: "县十九届人大二次会议",
    proposalNumber: number,
    proposers: ["李青"],
    recipient: null,
    proposalTitle: "关于加密城乡公交班次的建议",
    date: "2024-05-20",
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
  reply("双峰县", "双峰县交通运输局", "58", "城乡公交线路今年加密班次12班，发车间隔缩短到20分钟。"),
  reply(
    "邵东市",
    "邵东市交通运输局",
    "58",
    "城乡公交线路今年加密班次30班，学校周边新增停车位200个。",
  ),
];

let app: App;
let answerer: Answerer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ app, cleanup } = await openAppOverReplies(REPLIES, "u"));
  answerer = createAnswerer(app, { pageSize: 3 });
});
afterAll(() => cleanup());

const search = (question: string) => searchQuestion(app, question);

describe("a short place name that is also an everyday word", () => {
  it("is read from a question as an uncertain place", () => {
    const places = analyzeQuestion("三台城乡公交加密了多少班次").filters.places;
    expect(places.map((p) => [p.name, p.uncertain])).toEqual([["三台县", true]]);
    expect(analyzeQuestion("通山城乡公交").filters.places[0]?.uncertain).toBeUndefined();
    // Beside a sure place the everyday word is the word (合作 of 合作社).
    expect(analyzeQuestion("通山养牛合作社贷款多少").filters.places.map((p) => p.name)).toEqual([
      "通山县",
    ]);
  });

  it("answers from the place's own replies when some reply belongs to it", async () => {
    const { hits } = await search("双峰城乡公交加密了多少班次");
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.reply.place).toBe("双峰县");
    expect(hits[0]?.excerpt.text).toContain("12班");
  });

  it("never lets another place's reply answer for a place no reply concerns", async () => {
    for (const question of ["三台城乡公交加密了多少班次", "福田学校周边停车位新增了多少"]) {
      const outcome = await search(question);
      expect(outcome.hits, question).toEqual([]);
      expect((await answerer.answer({ text: question })).kind, question).toBe("no_answer");
    }
    // Without the place word the other county answers.
    expect((await search("学校周边停车位新增了多少")).hits[0]?.reply.place).toBe("邵东市");
  });
});

describe("a lookup naming a short place that is also an everyday word", () => {
  it("finds the place's reply, the place before or after the number, in either script", async () => {
    for (const text of ["58号建议 双峰", "双峰58号建议", "第58號建議 雙峰", "双峰第58号建议"]) {
      const result = await lookupReference(app.db, text);
      expect(result?.found, text).toBe(true);
      if (result?.found) expect(result.reply.place, text).toBe("双峰县");
    }
  });
});
