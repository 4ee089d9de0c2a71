import { describe, expect, it } from "vitest";
import { reviseText } from "../../bench/churn.ts";
import { ALL_LAYOUTS, type GeneratedFile, generateCorpus } from "../../bench/corpus-generator.ts";
import { PlaceNames } from "../../bench/place-names.ts";
import { Random } from "../../bench/random.ts";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { replyKey } from "../../src/documents/reply.ts";
import { CORPUS_DIR } from "../helpers/corpus.ts";

const generatedOnly = (files: GeneratedFile[]) => files.filter((f) => f.truth !== undefined);
const truthOf = (f: GeneratedFile) => {
  if (!f.truth) throw new Error(`${f.name} is a seed`);
  return f.truth;
};

describe("benchmark corpus generator", () => {
  const files = [...generateCorpus(CORPUS_DIR, 400, 7)];
  const generated = generatedOnly(files);

  it("is deterministic for a seed and includes the five seeds unchanged", () => {
    expect([...generateCorpus(CORPUS_DIR, 40, 7)]).toEqual(files.slice(0, 45));
    expect([...generateCorpus(CORPUS_DIR, 40, 8)]).not.toEqual(files.slice(0, 45));
    expect(files).toHaveLength(405);
    expect(files.slice(0, 5).every((f) => f.truth === undefined)).toBe(true);
  });

  it("writes every layout of formats.md, and only the layouts asked for", () => {
    const names = generated.map((f) => f.name);
    for (const part of [
      "-titled-",
      "-greeting-first-",
      "-huiban-",
      "-pipe.",
      "-colon.",
      "-stacked.",
      "-html.",
      "-none.",
    ])
      expect(names.some((n) => n.includes(part))).toBe(true);
    const greetingFirst = generated.filter((f) => truthOf(f).head === "greeting-first");
    expect(greetingFirst.length / generated.length).toBeGreaterThan(0.15);
    for (const f of greetingFirst) expect(f.text).toMatch(/您在.+上提出的《/);
    const titledOnly = generatedOnly([
      ...generateCorpus(CORPUS_DIR, 60, 7, { layouts: ["titled"] }),
    ]);
    expect(titledOnly.every((f) => /-titled-none\.(md|txt)$/.test(f.name))).toBe(true);
    expect(ALL_LAYOUTS).toContain("greeting-first");
  });

  it("issues replies from real places at every level, most without a 文号", () => {
    const counts = new PlaceNames().counts();
    expect(counts.county).toBeGreaterThan(1000);
    const levels = new Set(generated.map((f) => (f.province === null ? "national" : "local")));
    expect(levels).toEqual(new Set(["national", "local"]));
    const withNumber =
      generated.filter((f) => truthOf(f).docNumber !== null).length / generated.length;
    expect(withNumber).toBeGreaterThan(0.1);
    expect(withNumber).toBeLessThan(0.3);
    const named = generated.filter((f) => f.text.includes(truthOf(f).place.replace(/^全国$/, "")));
    expect(named.length / generated.length).toBeGreaterThan(0.8);
    for (const level of ["县", "区", "市", "省"])
      expect(generated.some((f) => truthOf(f).session.startsWith(level))).toBe(true);
    expect(generated.some((f) => truthOf(f).session.includes("全国"))).toBe(true);
  });

  it("shares session wordings and proposal numbers across places", () => {
    const sessions = new Map<string, Set<string>>();
    const numbers = new Map<string, Set<string>>();
    for (const f of generated) {
      const t = truthOf(f);
      sessions.set(t.session, (sessions.get(t.session) ?? new Set()).add(t.place));
      if (t.proposalNumber)
        numbers.set(t.proposalNumber, (numbers.get(t.proposalNumber) ?? new Set()).add(t.place));
    }
    expect(Math.max(...[...sessions.values()].map((s) => s.size))).toBeGreaterThanOrEqual(5);
    expect(Math.max(...[...numbers.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
  });

  it("keeps the seeds' words: places and programme names recur in generated replies", () => {
    expect(generated.filter((f) => /上海|杨浦/.test(f.text)).length).toBeGreaterThan(20);
  });

  it("writes replies the parser reads, with the 文号, session and number they print", () => {
    let session = 0;
    let number = 0;
    for (const f of generated) {
      const doc = parseReplyFile(f.name, Buffer.from(f.text));
      const t = truthOf(f);
      expect(doc.docNumber).toBe(t.docNumber);
      if (doc.session === t.session) session++;
      if (doc.proposalNumber === t.proposalNumber) number++;
    }
    expect(session / generated.length).toBeGreaterThan(0.9);
    expect(number / generated.length).toBeGreaterThan(0.9);
  });
});

describe("churn revisions", () => {
  it("change a reply's text but not its key", () => {
    const rng = new Random(3);
    for (const f of generatedOnly([...generateCorpus(CORPUS_DIR, 40, 11)])) {
      let text = f.text;
      for (let i = 0; i < 3; i++) text = reviseText(text, rng);
      expect(text).not.toBe(f.text);
      const before = parseReplyFile(f.name, Buffer.from(f.text));
      const after = parseReplyFile(f.name, Buffer.from(text));
      expect(replyKey(after)).toBe(replyKey(before));
      expect(after.sections.map((s) => s.text).join("")).not.toBe(
        before.sections.map((s) => s.text).join(""),
      );
    }
  });
});
