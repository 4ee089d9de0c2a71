import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { evaluate } from "../../src/cli/eval-command.ts";
import { openTestApp } from "../helpers/app.ts";

const OWN_SET = path.resolve(import.meta.dirname, "../fixtures/questions.jsonl");
/** The shared dev set lives beside the project; CI checkouts may not have it. */
const DEV_SET = path.resolve(import.meta.dirname, "../../../shared/eval/dev.jsonl");

let app: App;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ app, cleanup } = await openTestApp());
});
afterAll(() => cleanup());

describe("question sets over the bundled replies", () => {
  it("answers every question of our own set", async () => {
    const s = await evaluate(app, OWN_SET);
    expect(s.misses).toEqual([]);
    expect(s.docAt1).toBe(s.questions);
  });

  it.skipIf(!existsSync(DEV_SET))("answers every question of the shared dev set", async () => {
    const s = await evaluate(app, DEV_SET);
    expect(s.misses).toEqual([]);
    expect([s.docAt1, s.answerAt3, s.lookupHits]).toEqual([s.questions, s.questions, s.lookups]);
  });
});
