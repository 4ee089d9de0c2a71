import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.ts";
import { BM25, bm25Idf } from "../../src/search/bm25-ranker.ts";
import {
  checkMiniSearchShape,
  createEngine,
  miniSearchShapeProblems,
  verifyMiniSearch,
} from "../../src/search/minisearch-internals.ts";
import { TermStore } from "../../src/search/term-store.ts";
import { TermStoreBuilder } from "../../src/search/term-store-builder.ts";

/**
 * The MiniSearch internals the term store relies on, pinned against the
 * installed version. If an upgrade changes any of them, this fails before
 * the index silently scores wrong; `verifyMiniSearch` checks the same at
 * start-up.
 */

type Doc = { id: number; a: string; b: string };
const split = (text: string) => (text.length === 0 ? [] : text.split(" "));
const OPTIONS = { fields: ["a", "b"], tokenize: split, processTerm: (t: string) => t };

/** The protected state, read as the term store reads it. */
type State = {
  _options: { searchOptions: { bm25: { k: number; b: number; d: number } } };
  _index: unknown;
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
};
const state = (engine: MiniSearch<Doc>) => engine as unknown as State;

/** A plain MiniSearch whose index is a TermStore that records the methods MiniSearch calls on it. */
function recordingEngine() {
  const engine = new MiniSearch<Doc>({ ...OPTIONS, autoVacuum: false });
  const calls: string[] = [];
  const store = new TermStore();
  state(engine)._index = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  });
  return { engine, calls, store, s: state(engine) };
}

const installedVersion = () => {
  const require = createRequire(import.meta.url);
  const main = require.resolve("minisearch");
  let dir = path.dirname(main);
  while (!dir.endsWith(`${path.sep}minisearch`)) dir = path.dirname(dir);
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version as string;
};

describe("MiniSearch internals the term store relies on", () => {
  it("is the pinned version 7.2", () => {
    expect(installedVersion()).toMatch(/^7\.2\./);
  });

  it("has the protected fields, with the shapes the code reads", () => {
    const engine = new MiniSearch<Doc>(OPTIONS);
    expect(miniSearchShapeProblems(engine)).toEqual([]);
    const s = state(engine);
    expect(s._fieldIds).toEqual({ a: 0, b: 1 });
    expect([s._documentCount, s._nextId, s._dirtCount]).toEqual([0, 0, 0]);
    expect(s._avgFieldLength).toEqual([]);
    expect(s._options.searchOptions.bm25).toEqual(BM25);
    expect(() => verifyMiniSearch()).not.toThrow();
  });

  it("writes postings only through _index.fetch, per field id, as Maps of short id → term frequency", () => {
    const { engine, calls, store, s } = recordingEngine();
    engine.add({ id: 70, a: "x y x", b: "y" });
    expect(new Set(calls)).toEqual(new Set(["fetch"]));
    expect(store.get("x")).toEqual(new Map([[0, new Map([[0, 2]])]]));
    expect(store.get("y")).toEqual(
      new Map([
        [0, new Map([[0, 1]])],
        [1, new Map([[0, 1]])],
      ]),
    );
    // Field lengths are distinct terms per field, not token counts.
    expect(s._fieldLength.get(0)).toEqual([2, 1]);
    expect(s._documentIds.get(0)).toBe(70);
    expect(s._idToShortId.get(70)).toBe(0);
  });

  it("numbers documents from _nextId, never reusing a short id, and keeps running field-length averages", () => {
    const { engine, s } = recordingEngine();
    engine.add({ id: 1, a: "x y", b: "" });
    engine.add({ id: 2, a: "x y z w", b: "q" });
    expect([s._nextId, s._documentCount]).toEqual([2, 2]);
    expect(s._avgFieldLength).toEqual([3, 0.5]);
    engine.discard(1);
    engine.add({ id: 1, a: "x", b: "" });
    expect(s._idToShortId.get(1)).toBe(2);
    expect([s._nextId, s._documentCount]).toEqual([3, 2]);
    // MiniSearch's running average: (avg·n − length) ÷ (n − 1), then (avg·n + length) ÷ (n + 1).
    expect(s._avgFieldLength[0]).toBeCloseTo(2.5, 12);
  });

  it("leaves a discarded document's postings in _index for the store to purge, and does not vacuum", () => {
    const { engine, calls, store, s } = recordingEngine();
    engine.add({ id: 1, a: "x y", b: "" });
    engine.add({ id: 2, a: "x", b: "" });
    calls.length = 0;
    engine.discard(1);
    expect(calls).toEqual([]);
    expect(s._documentIds.has(0) || s._fieldLength.has(0) || s._idToShortId.has(1)).toBe(false);
    expect([s._documentCount, s._dirtCount]).toEqual([1, 1]);
    expect(engine.isVacuuming).toBe(false);
    // The posting is still there until the store is told.
    expect(store.documentFrequency("x")).toBe(2);
    store.markRemoved(0);
    expect(store.documentFrequency("x")).toBe(1);
    expect(store.has("y")).toBe(false);
  });

  it("searches through _index.get only (never prefix or fuzzy lookups)", () => {
    const { engine, calls } = recordingEngine();
    engine.add({ id: 1, a: "x y", b: "" });
    engine.add({ id: 2, a: "x", b: "" });
    calls.length = 0;
    expect(engine.search("x z", { combineWith: "OR" }).map((r) => r.id)).toEqual([2, 1]);
    expect(calls).toEqual(["get", "get"]);
  });

  it("skips a discarded short id met in search() and removes its posting through has/fetch/get", () => {
    const { engine, calls, store } = recordingEngine();
    engine.add({ id: 1, a: "x y", b: "" });
    engine.add({ id: 2, a: "x", b: "" });
    engine.discard(2);
    calls.length = 0;
    expect(engine.search("x", { combineWith: "OR" }).map((r) => r.id)).toEqual([1]);
    expect(calls).toEqual(["get", "has", "fetch", "get"]);
    expect(store.documentFrequency("x")).toBe(1);
  });

  it("scores with BM25 as the ranker computes it: per-field df, boosts, and × matched query terms", () => {
    const engine = new MiniSearch<Doc>(OPTIONS);
    engine.addAll([
      { id: 1, a: "x x y", b: "x" },
      { id: 2, a: "y z", b: "" },
      { id: 3, a: "z w v", b: "y" },
    ]);
    const [top] = engine.search("x y", { boost: { a: 2, b: 1.5 }, combineWith: "OR" });
    const tf = (f: number, length: number, average: number) =>
      BM25.d + (f * (BM25.k + 1)) / (f + BM25.k * (1 - BM25.b + (BM25.b * length) / average));
    const avgA = (2 + 2 + 3) / 3;
    const avgB = (1 + 0 + 1) / 3;
    const expected =
      2 *
      (2 * bm25Idf(1, 3) * tf(2, 2, avgA) + // x in a
        1.5 * bm25Idf(1, 3) * tf(1, 1, avgB) + // x in b
        2 * bm25Idf(2, 3) * tf(1, 2, avgA)); // y in a (df 2 in field a)
    expect(top?.id).toBe(1);
    expect(top?.score).toBeCloseTo(expected, 12);
  });

  it("reports _index.size as termCount", () => {
    const { engine } = recordingEngine();
    engine.add({ id: 1, a: "x y", b: "z" });
    expect(engine.termCount).toBe(3);
  });

  it("accepts an engine restored over a packed base, and its own search() matches a fresh MiniSearch after discards", () => {
    const builder = new TermStoreBuilder(2);
    const docs: Doc[] = [
      { id: 10, a: "x y", b: "z" },
      { id: 11, a: "x", b: "" },
      { id: 12, a: "y y w", b: "x" },
    ];
    const lengths = docs.flatMap((d, i) => builder.add(i, [split(d.a), split(d.b)]));
    const engine = createEngine<Doc>(OPTIONS, builder.build(), {
      shortIds: Uint32Array.of(0, 1, 2),
      ids: Uint32Array.from(docs, (d) => d.id),
      fieldLengths: Uint32Array.from(lengths),
      averageFieldLength: [],
      nextId: 3,
    });
    engine.discard(11);
    const store = state(engine)._index as TermStore;
    store.markRemoved(1);
    state(engine)._avgFieldLength = [2, 1];
    const fresh = new MiniSearch<Doc>(OPTIONS);
    fresh.addAll([docs[0] as Doc, docs[2] as Doc]);
    const scores = (ms: MiniSearch<Doc>) =>
      ms.search("x y w", { combineWith: "OR" }).map((r) => [r.id, r.score]);
    expect(scores(engine)).toEqual(scores(fresh));
  });
});

describe("start-up check of the MiniSearch shape", () => {
  const problem = (candidate: unknown) => {
    try {
      checkMiniSearchShape(candidate);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("INDEX");
      return (error as AppError).message;
    }
    return "";
  };

  it("passes the installed MiniSearch", () => {
    expect(problem(new MiniSearch<Doc>(OPTIONS))).toBe("");
  });

  it("names what is missing or changed in a wrong-shaped object", () => {
    expect(problem(null)).toContain("不是 MiniSearch 对象");
    const message = problem({ _documentCount: 0, _fieldLength: {}, add: () => {} });
    for (const name of ["_fieldLength", "_nextId", "_index", "_avgFieldLength", "discard()"])
      expect(message).toContain(name);
    expect(message).not.toContain("_documentCount");
    expect(message).toContain("minisearch 7.2");
  });

  it("names a renamed field and changed BM25 parameters of an otherwise real engine", () => {
    const engine = new MiniSearch<Doc>({
      ...OPTIONS,
      searchOptions: { bm25: { k: 2, b: 0.75, d: 0.5 } },
    }) as unknown as Record<string, unknown>;
    engine._fieldLengths = engine._fieldLength;
    delete engine._fieldLength;
    const message = problem(engine);
    expect(message).toContain("_fieldLength 应为 Map");
    expect(message).toContain("BM25");
  });

  it("fails the behavioural probe of an engine that counts field lengths differently", () => {
    class TokenCounting<T> extends MiniSearch<T> {
      constructor(options: ConstructorParameters<typeof MiniSearch<T>>[0]) {
        super(options);
        const self = this as unknown as {
          addFieldLength(id: number, field: number, count: number, length: number): void;
        };
        const original = self.addFieldLength.bind(this);
        self.addFieldLength = (id, field, count, length) => original(id, field, count, length + 1);
      }
    }
    let thrown: unknown;
    try {
      verifyMiniSearch(TokenCounting as typeof MiniSearch);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).message).toContain("_fieldLength 不是每字段的不同词数");
    expect(() => verifyMiniSearch()).not.toThrow();
  });
});
