import { describe, expect, it } from "vitest";
import { SectionIndex } from "../../src/search/section-index.ts";
import type { ReplySummary } from "../../src/storage/reply.repository.ts";

const reply: ReplySummary = {
  id: 1,
  key: "k",
  docNumber: "沪测复〔2023〕1号",
  issuer: "某委",
  replyKind: "答复",
  proposalKind: "提案",
  session: null,
  proposalNumber: "0101",
  proposers: ["王小明"],
  recipient: null,
  proposalTitle: null,
  date: "2023-01-01",
  result: null,
  disclosure: null,
  revision: 1,
  sourceFile: "x",
  contentHash: "h",
  updatedAt: "t",
};

describe("section index", () => {
  it("reads document frequencies from MiniSearch's postings (pinned against upgrades)", () => {
    const index = new SectionIndex();
    index.addReply(reply, [
      { id: 1, title: "人工智能", text: "人工智能产业" },
      { id: 2, title: "算力", text: "人工智能算力" },
      { id: 3, title: "人才", text: "人才培养" },
    ]);
    expect(index.documentFrequency("人工")).toBe(2);
    expect(index.documentFrequency("算力")).toBe(1);
    expect(index.documentFrequency("王小")).toBe(3);
    expect(index.documentFrequency("没有")).toBe(0);
    expect(index.idf("算力")).toBeGreaterThan(index.idf("人工"));
    index.removeSections([2]);
    expect(index.has(2)).toBe(false);
    expect(index.search(["算力"])).toEqual([]);
  });

  it("survives a JSON round trip", () => {
    const index = new SectionIndex();
    index.addReply(reply, [{ id: 7, title: "人工智能", text: "人工智能产业规模" }]);
    const copy = SectionIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(copy.search(["规模"]).map((m) => m.id)).toEqual([7]);
    expect(copy.documentFrequency("规模")).toBe(1);
  });
});
