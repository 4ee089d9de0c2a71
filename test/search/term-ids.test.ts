import { describe, expect, it } from "vitest";
import { TermIds } from "../../src/search/term-ids.ts";

describe("TermIds", () => {
  it("gives each distinct term the next id, and the same id again, whatever its length", () => {
    const ids = new TermIds();
    const terms = ["科技", "a", "科技", "2023", "技科", "ab", "", "创新型", "a", "ab"];
    const got = terms.map((t) => ids.id(t));
    expect(got).toEqual([0, 1, 0, 2, 3, 4, 5, 6, 1, 4]);
    expect(ids.terms).toEqual(["科技", "a", "2023", "技科", "ab", "", "创新型"]);
    expect(ids.find("技科")).toBe(3);
    expect(ids.find("科")).toBe(-1);
    expect(ids.find("创新")).toBe(-1);
  });

  it("keeps every pair apart as its table grows (pairs differing only in one code unit)", () => {
    const ids = new TermIds();
    const pairs: string[] = [];
    // 200,000 pairs: the table grows several times; many share a first or a second character.
    for (let a = 0x4e00; pairs.length < 200_000; a++)
      for (let b = 0x4e00; b < 0x4e00 + 500; b++) pairs.push(String.fromCharCode(a, b));
    const wrong = pairs.filter((p, i) => ids.id(p) !== i);
    expect(wrong).toEqual([]);
    expect(ids.size).toBe(pairs.length);
    for (let i = 0; i < pairs.length; i += 997) expect(ids.find(pairs[i] as string)).toBe(i);
    expect(ids.id(pairs[123_456] as string)).toBe(123_456);
  });

  it("orders ids by their terms' code units, pairs and other terms merged", () => {
    const ids = new TermIds();
    const terms = ["科技", "科", "科技园", "a", "ab", "abc", "b", "", "2023", "20", "2", "技术"];
    terms.push("\ud842\udfb7", "\ud842", "\uffff\uffff", "科\u0000", "z");
    for (const t of terms) ids.id(t);
    const sorted = Array.from(ids.sortedIds(), (id) => ids.terms[id]);
    expect(sorted).toEqual([...terms].sort());
  });
});
