import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus-generator.ts";
import { parseReplyText } from "../../src/documents/reply-parser.ts";
import { CORPUS_DIR } from "../helpers/corpus.ts";

describe("benchmark corpus generator", () => {
  const files = [...generateCorpus(CORPUS_DIR, 60, 7)];

  it("is deterministic for a seed and includes the five seeds unchanged", () => {
    expect([...generateCorpus(CORPUS_DIR, 60, 7)]).toEqual(files);
    expect([...generateCorpus(CORPUS_DIR, 60, 8)]).not.toEqual(files);
    expect(files).toHaveLength(65);
  });

  it("writes replies the parser reads, with their own 文号 and proposal numbers", () => {
    const seeds = files.slice(0, 5).map((f) => parseReplyText(f.text));
    const generated = files.slice(5).map((f) => parseReplyText(f.text));
    for (const doc of generated) {
      expect(doc.sections.length).toBeGreaterThanOrEqual(3);
      expect(doc.date).toMatch(/^20\d\d-\d\d-\d\d$/);
    }
    const numbers = generated.map((d) => d.docNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const seed of seeds) {
      expect(numbers).not.toContain(seed.docNumber);
      expect(generated.map((d) => d.proposalNumber)).not.toContain(seed.proposalNumber);
    }
  });
});
