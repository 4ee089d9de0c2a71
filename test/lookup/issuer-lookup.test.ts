import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPaths } from "../../src/ingest/ingest.ts";
import { lookupReference, parseReference } from "../../src/lookup/lookup.ts";
import { type Database, migrateToLatest, openDatabase } from "../../src/storage/database.ts";

/**
 * Lookups naming the body that answered: 崇阳县住房和城乡建设局 and
 * 盐津县教育体育局 both answered a 第36号建议 of their county; 成都市青羊区交通运输局
 * (主办) and 成都市青羊区教育局 (会办) answered one 第0088号建议.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/lookup");

let db: Database;

beforeAll(async () => {
  db = openDatabase(":memory:");
  await migrateToLatest(db);
  await ingestPaths(db, [FIXTURES]);
});

afterAll(() => db.destroy());

/** What a lookup found, by source file: `found x (+ y)`, `ambiguous`, `not_found`. */
async function summary(text: string): Promise<string> {
  const r = await lookupReference(db, text);
  if (r === null) return "not a reference";
  if (!r.found) return r.reason;
  const related = r.related.map((x) => x.sourceFile);
  return `found ${r.reply.sourceFile}${related.length ? ` + ${related.join(", ")}` : ""}`;
}

describe("a lookup naming the issuing body", () => {
  it("reads the body before or after the number, in full or abbreviated, with its place", () => {
    for (const [text, issuer, place] of [
      ["崇阳县住房和城乡建设局第36号建议", "崇阳县住房和城乡建设局", "崇阳"],
      ["崇阳住建局36号建议", "崇阳住建局", "崇阳"],
      ["第36号建议 崇阳县住房和城乡建设局", "崇阳县住房和城乡建设局", "崇阳"],
      ["县教育局第36号建议", "县教育局", null],
    ] as const) {
      const ref = parseReference(text);
      expect(ref?.kind === "proposal" && [ref.issuer, ref.place], text).toEqual([issuer, place]);
    }
    expect(parseReference("崇阳县第36号建议")).not.toHaveProperty("issuer");
  });

  it("finds the reply of the body named, whichever way it is written", async () => {
    for (const text of [
      "崇阳县住房和城乡建设局第36号建议",
      "崇阳住建局36号建议",
      "第36号建议 崇阳县住房和城乡建设局",
    ])
      expect(await summary(text), text).toBe("found chongyang-zhujian-36.txt");
    expect(await summary("盐津教体局第36号建议")).toBe("found yanjin-jiaoyu-36.txt");
    // A body without place is the place's own: 县教育局 is only 盐津's.
    expect(await summary("县教育局第36号建议")).toBe("found yanjin-jiaoyu-36.txt");
  });

  it("finds the 会办意见 of the body named, the lead reply related", async () => {
    expect(await summary("青羊区教育局第0088号建议")).toBe(
      "found qingyang-jiaoyu-0088-huiban.txt + qingyang-jiaotong-0088.txt",
    );
  });

  it("finds nothing when the body named did not answer the proposal", async () => {
    expect(await summary("崇阳县教育局第36号建议")).toBe("not_found");
    expect(await summary("盐津住建局第36号建议")).toBe("not_found");
  });
});
