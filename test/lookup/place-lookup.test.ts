import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { type LookupResult, lookupReference, replyLabel } from "../../src/lookup/lookup.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { CORPUS_DIR } from "../helpers/corpus.ts";

/**
 * Replies from several places that collide on purpose: two counties answering
 * their own 县十八届人大三次会议第36号建议, two bodies of one district
 * answering 第0088号建议 (主办 复函 + 会办意见), and two 文号 sharing 〔2023〕41号.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/lookup");

let db: Database;

beforeAll(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
  const report = await ingestPaths(db, [CORPUS_DIR, FIXTURES]);
  const stored = report.results.filter((r) => r.outcome === "added").map((r) => r.file);
  expect(stored.filter((f) => f.includes("lookup")).length).toBe(6);
});

afterAll(() => db.destroy());

async function look(text: string): Promise<LookupResult | null> {
  return lookupReference(db, text);
}

/** What a lookup found, by source file: `found x (+ y)`, `ambiguous x | y`, `not_found`. */
async function summary(text: string): Promise<string> {
  const r = await look(text);
  if (r === null) return "not a reference";
  if (r.found) {
    const related = r.related.map((x) => x.sourceFile);
    return `found ${r.reply.sourceFile}${related.length ? ` + ${related.join(", ")}` : ""}`;
  }
  if (r.reason === "ambiguous")
    return `ambiguous ${r.candidates
      .map((c) => c.sourceFile)
      .sort()
      .join(" | ")}`;
  return "not_found";
}

describe("a proposal number shared by two counties", () => {
  it("is ambiguous without a place, listing each reply with its place, issuer and source", async () => {
    for (const typed of ["第36号建议", "县十八届人大三次会议第36号建议", "36号代表建议"]) {
      expect(await summary(typed), typed).toBe(
        "ambiguous chongyang-zhujian-36.txt | yanjin-jiaoyu-36.txt",
      );
    }
    const r = await look("第36号建议");
    if (r?.found !== false || r.reason !== "ambiguous") throw new Error("expected ambiguous");
    expect(
      r.candidates
        .map((c) => [c.place, c.issuer, c.sourceFile])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ["崇阳县", "崇阳县住房和城乡建设局", "chongyang-zhujian-36.txt"],
      ["盐津县", "盐津县教育体育局", "yanjin-jiaoyu-36.txt"],
    ]);
  });

  it("finds the one reply when the place is named, in the session or beside the number", async () => {
    expect(await summary("崇阳县十八届人大三次会议第36号建议")).toBe(
      "found chongyang-zhujian-36.txt",
    );
    expect(await summary("盐津县第十八届人大三次会议第36号建议")).toBe(
      "found yanjin-jiaoyu-36.txt",
    );
    expect(await summary("36号建议 盐津")).toBe("found yanjin-jiaoyu-36.txt");
    expect(await summary("崇阳 第36号建议")).toBe("found chongyang-zhujian-36.txt");
    expect(await summary("崇阳县 36号建议")).toBe("found chongyang-zhujian-36.txt");
    expect(await summary("盐津县第36号建议")).toBe("found yanjin-jiaoyu-36.txt");
    expect(await summary("云南省第36号建议")).toBe("found yanjin-jiaoyu-36.txt");
    expect(await summary("36号建议 咸宁")).toBe("found chongyang-zhujian-36.txt");
    expect(await summary("咸宁市崇阳县十八届人大三次会议第36号建议")).toBe(
      "found chongyang-zhujian-36.txt",
    );
  });

  it("finds a reply by its 文号 in any form", async () => {
    for (const typed of [
      "盐教体复〔2024〕12号",
      "盐教体复(2024)12号",
      "盐教体复 2024 12",
      "鹽教體複【２０２４】１２號",
    ]) {
      expect(await summary(typed), typed).toBe("found yanjin-jiaoyu-36.txt");
    }
  });

  it("never returns another place's reply, and relates no reply across places", async () => {
    expect(await summary("崇阳县十八届人大三次会议第0088号建议")).toBe("not_found");
    expect(await summary("通城县十八届人大三次会议第36号建议")).toBe("not_found");
    expect(await summary("四川省第36号建议")).toBe("not_found");
    expect(await summary("锦江十九届人大三次会议第0088号建议")).toBe("not_found");
    expect(await summary("县十八届人大三次会议第37号建议")).toBe("not_found");
    const r = await look("崇阳县十八届人大三次会议第36号建议");
    expect(r?.found && r.related).toEqual([]);
  });
});

describe("two bodies of one district answering one proposal", () => {
  it("finds the lead office's 复函 and shows the 会办意见 as related", async () => {
    const expected = "found qingyang-jiaotong-0088.txt + qingyang-jiaoyu-0088-huiban.txt";
    expect(await summary("青羊区十九届人大三次会议第0088号建议")).toBe(expected);
    expect(await summary("区十九届人大三次会议第88号建议")).toBe(expected);
    expect(await summary("第0088号建议")).toBe(expected);
    expect(await summary("青羊十九届人大三次会议第0088号建议")).toBe(expected);
    expect(await summary("青交函〔2024〕21号")).toBe(expected);
  });

  it("labels the 会办意见 without 文号 by issuer, title and date", async () => {
    const r = await look("第0088号建议");
    if (!r?.found) throw new Error("expected found");
    expect(r.related.map(replyLabel)).toEqual([
      "成都市青羊区教育局 · 关于在草市街小学周边设置上下学临时停车区的建议 · 2024-05-29",
    ]);
  });
});

describe("two 文号 sharing 〔2023〕41号 with different issuer prefixes", () => {
  it("finds each by its prefix, in any spelling", async () => {
    expect(await summary("醴水字〔2023〕41号")).toBe("found liling-shuili-41.txt");
    expect(await summary("醴水字[2023]41號")).toBe("found liling-shuili-41.txt");
    expect(await summary("醴交字〔2023〕41号")).toBe("found liling-jiaotong-41.txt");
    expect(await summary("醴交字 2023 41")).toBe("found liling-jiaotong-41.txt");
  });

  it("is ambiguous without the prefix and not found for another year", async () => {
    expect(await summary("〔2023〕41号")).toBe(
      "ambiguous liling-jiaotong-41.txt | liling-shuili-41.txt",
    );
    expect(await summary("醴水字〔2022〕41号")).toBe("not_found");
  });

  it("finds each by its proposal and place", async () => {
    expect(await summary("醴陵市政协十一届二次会议第0102号提案")).toBe(
      "found liling-shuili-41.txt",
    );
    expect(await summary("醴陵市政协第115号提案")).toBe("found liling-jiaotong-41.txt");
    expect(await summary("醴陵市政协十一届三次会议第0102号提案")).toBe("not_found");
  });
});
