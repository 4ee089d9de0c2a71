import { copyFileSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvalLookup, lookupIsRight } from "../../src/cli/eval-scoring.ts";
import { runCli } from "../../src/cli.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/lookup");
const temp = tempDir();
const folder = temp.dir;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    // The data folder must stay untouched: eval works in a temporary database.
    {
      DAFU_DATA_DIR: path.join(folder, "never"),
      DAFU_CORPUS_DIR: CORPUS_DIR,
      DAFU_LOG_LEVEL: "silent",
    },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

beforeAll(() => {
  for (const f of readdirSync(FIXTURES)) copyFileSync(path.join(FIXTURES, f), path.join(folder, f));
});
afterAll(() => temp.cleanup());

describe("lookup scoring", () => {
  const doc = (source: string, docNumber: string | null = null) => ({ docNumber, source });
  const found: EvalLookup = { kind: "found", doc: doc("a.txt"), related: [doc("b.txt")] };

  it("accepts the one document, or the lead reply with the other as related", () => {
    expect(lookupIsRight(["a.txt"], found)).toBe(true);
    expect(lookupIsRight(["a.txt", "b.txt"], found)).toBe(true);
    expect(
      lookupIsRight(["x〔2023〕1号"], {
        kind: "found",
        doc: doc("a.txt", "x〔2023〕1号"),
        related: [],
      }),
    ).toBe(true);
    expect(lookupIsRight(["c.txt"], found)).toBe(false);
    expect(lookupIsRight(["a.txt", "c.txt"], found)).toBe(false);
  });

  it("wants exactly the candidates when ambiguous, and not found for none", () => {
    const ambiguous: EvalLookup = { kind: "ambiguous", candidates: [doc("a.txt"), doc("c.txt")] };
    expect(lookupIsRight(["a.txt", "c.txt"], ambiguous)).toBe(true);
    expect(lookupIsRight(["a.txt"], ambiguous)).toBe(false);
    expect(lookupIsRight(["a.txt", "b.txt", "c.txt"], ambiguous)).toBe(false);
    expect(lookupIsRight([], { kind: "not_found" })).toBe(true);
    expect(lookupIsRight([], found)).toBe(false);
    expect(lookupIsRight([], ambiguous)).toBe(false);
  });
});

describe("eval over the seeds and the eval file's folder", () => {
  it("scores lookups naming replies by file name or 文号, and questions", async () => {
    const file = path.join(folder, "cases.jsonl");
    writeFileSync(
      file,
      jsonl([
        {
          id: "l1",
          lookup: "第36号建议",
          docs: ["chongyang-zhujian-36.txt", "yanjin-jiaoyu-36.txt"],
        },
        { id: "l2", lookup: "36号建议 崇阳", docs: ["chongyang-zhujian-36.txt"] },
        {
          id: "l3",
          lookup: "第0088号建议",
          docs: ["qingyang-jiaotong-0088.txt", "qingyang-jiaoyu-0088-huiban.txt"],
        },
        { id: "l4", lookup: "醴交字 2023 41", docs: ["醴交字〔2023〕41号"] },
        { id: "l5", lookup: "沪科提复〔2023〕45号", docs: ["沪科提复〔2023〕45号"] },
        { id: "l6", lookup: "醴水字〔2022〕41号", docs: [] },
        {
          id: "q1",
          q: "白霓镇老旧小区雨污分流改造总投资多少",
          docs: ["chongyang-zhujian-36.txt"],
          answer: ["1250万元"],
        },
      ]),
    );
    const { code, out } = await cli("eval", file, "--json");
    const scores = JSON.parse(out);
    expect(scores.misses).toEqual([]);
    expect(scores).toMatchObject({
      lookups: 6,
      lookupHits: 6,
      questions: 1,
      docAt1: 1,
      answerAt3: 1,
    });
    expect(code).toBe(0);
    expect(existsSync(path.join(folder, "never"))).toBe(false);
  });

  it("reports a wrong lookup as a miss and exits 1", async () => {
    const file = path.join(folder, "wrong.jsonl");
    writeFileSync(
      file,
      jsonl([{ id: "w1", lookup: "第36号建议", docs: ["chongyang-zhujian-36.txt"] }]),
    );
    const { code, out } = await cli("eval", file);
    expect(code).toBe(1);
    expect(out).toContain("w1 lookup");
    expect(out).toContain("lookup 0/1");
  });
});

describe("eval --fields", () => {
  it("prints per-field accuracy, the total and every mismatch", async () => {
    const file = path.join(folder, "expected.jsonl");
    writeFileSync(
      file,
      jsonl([
        {
          file: "chongyang-zhujian-36.txt",
          docNumber: null,
          place: "崇阳县",
          proposalNumber: "36",
        },
        {
          file: "yanjin-jiaoyu-36.txt",
          docNumber: "盐教体复〔2024〕12号",
          place: "永善县",
          proposalNumber: "36",
        },
      ]),
    );
    const { code, out } = await cli("eval", "--fields", file);
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines).toContain('✗ yanjin-jiaoyu-36.txt place: expected "永善县", got "盐津县"');
    expect(lines.find((l) => l.startsWith("place"))).toMatch(/1\/2 \(50\.0%\)/);
    expect(lines.find((l) => l.startsWith("docNumber"))).toMatch(/2\/2 \(100\.0%\)/);
    expect(lines.at(-1)).toBe("total 5/6 (83.3%) over 2 files");
  });
});
