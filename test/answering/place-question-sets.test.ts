import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.ts";
import { CORPUS_DIR, tempDir } from "../helpers/corpus.ts";

/**
 * The variety set (16 replies from every level, with their questions and
 * lookups) and our held-out set, scored as `npm run eval -- FILE` scores them:
 * the bundled replies plus the file's folder in a temporary database.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

interface Scores {
  questions: number;
  docAt1: number;
  answerAt3: number;
  lookups: number;
  lookupHits: number;
  misses: unknown[];
}

async function evalFile(file: string): Promise<Scores> {
  const temp = tempDir();
  const out: string[] = [];
  try {
    // eval exits 1 when a case is missed; the scores are what is checked here.
    await runCli(
      ["eval", "--json", path.join(FIXTURES, file)],
      { out: (l) => out.push(l), err: () => {} },
      {
        DAFU_DATA_DIR: path.join(temp.dir, "data"),
        DAFU_CORPUS_DIR: CORPUS_DIR,
        DAFU_LOG_LEVEL: "silent",
      },
    );
  } finally {
    temp.cleanup();
  }
  return JSON.parse(out.join("\n")) as Scores;
}

describe("question and lookup sets over replies from many places", () => {
  it("answers at least 90% of the variety questions, doc@1 and answer@3", async () => {
    const s = await evalFile("variety/questions.jsonl");
    expect(s.questions).toBe(30);
    expect(s.docAt1 / s.questions).toBeGreaterThanOrEqual(0.9);
    expect(s.answerAt3 / s.questions).toBeGreaterThanOrEqual(0.9);
  });

  it("gets every variety lookup right (ambiguous ones included)", async () => {
    const s = await evalFile("variety/lookups.jsonl");
    expect([s.lookups, s.lookupHits]).toEqual([32, 32]);
  });

  it("gets every lookup of the held-out set and the probes right", async () => {
    for (const file of ["heldout/lookups.jsonl", "heldout-probes/lookups.jsonl"]) {
      const s = await evalFile(file);
      expect(s.lookupHits, file).toBe(s.lookups);
    }
  });
});
