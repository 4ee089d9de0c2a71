import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { lookupReference, parseReference, replyLabel } from "../../src/lookup/lookup.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { CORPUS_DIR, corpusFile, tempDir } from "../helpers/corpus.ts";

let db: Database;
const temp = tempDir();

/** A variant of a bundled reply with another 文号 and proposal, written to the temp folder. */
function variant(seedPrefix: string, name: string, replace: [string | RegExp, string][]): string {
  let text = corpusFile(seedPrefix).text;
  for (const [from, to] of replace) text = text.replace(from, to);
  const file = path.join(temp.dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
  await ingestPaths(db, [CORPUS_DIR]);
  // The lead office's 答复 to the proposal that 杨府〔2023〕6号 co-handled.
  const answer = variant("沪科建复-2024-43", "answer.md", [
    ["沪科建复〔2024〕43号", "沪科建复〔2023〕10号"],
    ["市十六届人大二次会议 第0682号", "市十六届人大一次会议 第0297号"],
  ]);
  // Another 提案 numbered 0539, from an earlier session.
  const older = variant("沪科提复-2022-8", "older.md", [
    ["沪科提复〔2022〕8号", "沪科提复〔2022〕30号"],
    ["第0515号提案", "第0539号提案"],
  ]);
  const report = await ingestPaths(db, [answer, older]);
  expect(report.added).toBe(2);
});

afterAll(async () => {
  await db.destroy();
  temp.cleanup();
});

async function look(text: string): Promise<string> {
  const r = await lookupReference(db, text);
  if (r === null) return "not a reference";
  if (r.found) return replyLabel(r.reply);
  return `${r.reason}: ${r.suggestions.map(replyLabel).join(", ")}`;
}

describe("lookup by 文号", () => {
  const variants: [string, string][] = [
    ["沪科提复〔2023〕45号", "canonical"],
    ["沪科提复[2023]45号", "square brackets"],
    ["沪科提复【2023】45号", "lenticular brackets"],
    ["沪科提复(2023)45号", "half-width parentheses"],
    ["沪科提复（2023）45号", "full-width parentheses"],
    ["沪科提复﹝2023﹞45号", "small tortoise-shell brackets"],
    ["沪科提复 2023 45", "spaces, no brackets, no 号"],
    ["沪科提复2023年45号", "年 instead of brackets"],
    ["沪科提复〔2023〕第45号", "第 before the serial"],
    ["沪科提复〔2023〕45", "missing 号"],
    ["沪科提复〔２０２３〕４５号", "full-width digits"],
    ["滬科提覆〔2023〕45號", "traditional characters"],
    ["  沪科提复〔2023〕045号 ", "padding and a leading zero"],
  ];
  for (const [typed, label] of variants) {
    it(`finds 沪科提复〔2023〕45号 typed with ${label}`, async () => {
      expect(await look(typed)).toBe("沪科提复〔2023〕45号");
    });
  }

  it("finds the dev-set lookups", async () => {
    expect(await look("沪科提复 2022 8")).toBe("沪科提复〔2022〕8号");
    expect(await look("杨府〔2023〕6号")).toBe("杨府〔2023〕6号");
    expect(await look("滬科提覆〔2024〕38號")).toBe("沪科提复〔2024〕38号");
  });

  it("says not found, with near matches, for a number that does not exist", async () => {
    expect(await look("沪科提复〔2023〕46号")).toMatch(/^not_found: 沪科提复〔2023〕45号/);
    expect(await look("沪科建复〔2024〕44号")).toBe(
      "not_found: 沪科建复〔2024〕43号, 沪科建复〔2023〕10号",
    );
    expect(await look("沪科建复〔2024〕4号")).toMatch(/^not_found: 沪科建复〔2024〕43号/);
    expect(await look("京科提复〔2023〕45号")).toBe("not_found: 沪科提复〔2023〕45号");
    expect(await look("京科提复〔2019〕1号")).toBe("not_found: ");
  });
});

describe("lookup by proposal number", () => {
  it("accepts the usual spellings", async () => {
    expect(await look("0682号代表建议")).toBe("沪科建复〔2024〕43号");
    expect(await look("第0682号建议")).toBe("沪科建复〔2024〕43号");
    expect(await look("市政协十四届二次会议第0608号提案")).toBe("沪科提复〔2024〕38号");
    expect(await look("第608号提案")).toBe("沪科提复〔2024〕38号");
    expect(await look("提案第0608号")).toBe("沪科提复〔2024〕38号");
    expect(await look("政协上海市第十四届委员会第二次会议第0608号提案")).toBe(
      "沪科提复〔2024〕38号",
    );
  });

  it("prefers the 答复 and lists the co-handling opinions as related", async () => {
    const r = await lookupReference(db, "第0297号代表建议");
    expect(r?.found && replyLabel(r.reply)).toBe("沪科建复〔2023〕10号");
    expect(r?.found && r.related.map(replyLabel)).toEqual(["杨府〔2023〕6号"]);
    const direct = await lookupReference(db, "杨府〔2023〕6号");
    expect(direct?.found && direct.related.map(replyLabel)).toEqual(["沪科建复〔2023〕10号"]);
  });

  it("asks for the session when a number belongs to several sessions", async () => {
    expect(await look("第0539号提案")).toBe(
      "ambiguous: 沪科提复〔2023〕45号, 沪科提复〔2022〕30号",
    );
    expect(await look("市政协十四届一次会议第0539号提案")).toBe("沪科提复〔2023〕45号");
    expect(await look("市政协十三届五次会议第0539号提案")).toBe("沪科提复〔2022〕30号");
  });

  it("never returns a document of the wrong kind or session", async () => {
    expect(await look("第0539号代表建议")).toBe("not_found: ");
    expect(await look("市政协十四届一次会议第0608号提案")).toBe("not_found: 沪科提复〔2024〕38号");
    expect(await look("第9999号提案")).toBe("not_found: ");
  });
});

describe("what is not a reference", () => {
  it("leaves questions and bare numbers to search", () => {
    for (const text of [
      "上海有多少高新技术企业",
      "2600",
      "0539",
      "2023年",
      "",
      "   ",
      "第五次会议",
    ]) {
      expect(parseReference(text), text).toBeNull();
    }
  });
});
