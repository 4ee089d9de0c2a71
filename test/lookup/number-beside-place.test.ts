import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIntent } from "../../src/answering/intent.ts";
import { parseMarkedProposalNumber } from "../../src/documents/proposal-number.ts";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { lookupReference, parseReference } from "../../src/lookup/lookup.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";

/** What a typed text reads as: `[number, kind, place]` of a proposal reference, else null. */
function proposal(text: string): [string, string | null, string | null] | null {
  const ref = parseReference(text);
  return ref?.kind === "proposal" ? [ref.proposal.number, ref.proposal.kind, ref.place] : null;
}

describe("a proposal number beside a place, without 第 or a kind", () => {
  it("reads a number with 号 before or after a place, glued or spaced", () => {
    expect(proposal("58号 清城区")).toEqual(["58", null, "清城"]);
    expect(proposal("清城58号")).toEqual(["58", null, "清城"]);
    expect(proposal("岷县12号")).toEqual(["12", null, "岷县"]);
    expect(proposal("12号 岷县")).toEqual(["12", null, "岷县"]);
    expect(proposal("桦南12号")).toEqual(["12", null, "桦南"]);
    expect(proposal("樺南 12號")).toEqual(["12", null, "桦南"]);
    expect(proposal("通山 0036号")).toEqual(["36", null, "通山"]);
  });

  it("reads lettered and Han-prefixed numbers, a lettered one even without 号", () => {
    expect(proposal("伊春A-217")).toEqual(["A217", null, "伊春"]);
    expect(proposal("天河A-105")).toEqual(["A105", null, "天河"]);
    expect(proposal("天河区 T014号")).toEqual(["T14", null, "天河"]);
    expect(proposal("温州温36号")).toEqual(["温36", null, "温州"]);
  });

  it("keeps the most specific place of a chain", () => {
    expect(proposal("广东清城58号")).toEqual(["58", null, "清城"]);
    expect(proposal("清远市清城区 58号")).toEqual(["58", null, "清城"]);
    expect(proposal("58号 咸宁市崇阳县")).toEqual(["58", null, "崇阳"]);
  });

  it("still reads the forms with 第 or a kind", () => {
    expect(proposal("12号建议 岷县")).toEqual(["12", "建议", "岷县"]);
    expect(proposal("岷县第12号")).toEqual(["12", null, "岷县"]);
  });
});

describe("numbers that are not references", () => {
  it("needs a place for a number with 号 and a 号 for a plain number beside a place", () => {
    for (const text of ["58号", "A-217号", "A-217", "58", "岷县12", "清城区2023", "清城区2023年"]) {
      expect(parseReference(text), text).toBeNull();
    }
  });

  it("reads no number inside a longer phrase or question as a reference", () => {
    for (const text of [
      "2023年有多少家",
      "通山2023年有多少",
      "清城区58号文件",
      "清城区有58号吗",
      "岷县12号建议怎么答复的",
      "12号 和平",
    ]) {
      expect(parseReference(text), text).toBeNull();
    }
  });

  it("reads a number with 号 alone as no proposal number unless a place stands beside it", () => {
    expect(parseMarkedProposalNumber("58号")).toEqual({ number: "58", kind: null, session: null });
    expect(parseMarkedProposalNumber("A-217")).toEqual({
      number: "A217",
      kind: null,
      session: null,
    });
    expect(parseMarkedProposalNumber("58")).toBeNull();
    expect(parseMarkedProposalNumber("2023年")).toBeNull();
  });

  it("keeps questions as questions in the chat and a number beside a place as a lookup", () => {
    expect(parseIntent("2023年有多少家").kind).toBe("question");
    expect(parseIntent("清城区2023年有多少件建议").kind).toBe("question");
    expect(parseIntent("58号").kind).toBe("question");
    expect(parseIntent("清城58号")).toEqual({ kind: "lookup", reference: "清城58号" });
    expect(parseIntent("12号 岷县")).toEqual({ kind: "lookup", reference: "12号 岷县" });
  });
});

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/lookup");

describe("looking up a number beside a place", () => {
  let db: Database;

  beforeAll(async () => {
    db = openDatabase(":memory:");
    await migrateToLatest(db);
    await ingestPaths(db, [FIXTURES]);
  });

  afterAll(() => db.destroy());

  async function summary(text: string): Promise<string> {
    const r = await lookupReference(db, text);
    if (r === null) return "not a reference";
    if (r.found) return `found ${r.reply.sourceFile}`;
    if (r.reason === "not_found") return "not_found";
    return `ambiguous ${r.candidates
      .map((c) => c.sourceFile)
      .sort()
      .join(" | ")}`;
  }

  it("finds the one place's reply when two counties share the number", async () => {
    expect(await summary("崇阳36号")).toBe("found chongyang-zhujian-36.txt");
    expect(await summary("36号 盐津县")).toBe("found yanjin-jiaoyu-36.txt");
    expect(await summary("盐津 36号")).toBe("found yanjin-jiaoyu-36.txt");
    expect(await summary("0036号 咸宁")).toBe("found chongyang-zhujian-36.txt");
    expect(await summary("醴陵102号")).toBe("found liling-shuili-41.txt");
  });

  it("never answers with another place's reply", async () => {
    expect(await summary("通城36号")).toBe("not_found");
    expect(await summary("36号 四川")).toBe("not_found");
    expect(await summary("崇阳88号")).toBe("not_found");
  });

  it("stays ambiguous without a place", async () => {
    expect(await summary("第36号")).toBe(
      "ambiguous chongyang-zhujian-36.txt | yanjin-jiaoyu-36.txt",
    );
    expect(await summary("36号")).toBe("not a reference");
  });
});
