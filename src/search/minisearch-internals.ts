import MiniSearch, { type Options } from "minisearch";
import { AppError } from "../errors.ts";
import { BM25, type RankerDocuments } from "./bm25-ranker.ts";
import { TermStore, type TermStoreBase } from "./term-store.ts";

/**
 * The one place that touches MiniSearch's protected state (minisearch 7.2,
 * pinned in package.json; `test/search/minisearch-internals.test.ts` pins
 * the contract, and {@link verifyMiniSearch} checks it when an index is
 * created). dafu keeps MiniSearch's indexing and BM25 but gives it a compact
 * term store, builds that store in bulk, keeps the field statistics exact
 * under removals, and saves and restores the index without MiniSearch's JSON
 * round trip.
 */

/** The protected fields dafu reads and writes. */
interface EngineState {
  _options: { searchOptions?: { bm25?: { k: number; b: number; d: number } } };
  _index: unknown;
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown>>;
  _dirtCount: number;
}

/** What besides the term store describes an index: its documents and field statistics. */
export interface EngineDocuments {
  /** Short (internal) id of each document, ascending. */
  readonly shortIds: Uint32Array;
  /** The document id (section id) of each short id. */
  readonly ids: Uint32Array;
  /** Distinct terms per field, `fields` values per document. */
  readonly fieldLengths: Uint32Array;
  /** Saved for the snapshot format; on loading, averages are recomputed from `fieldLengths`. */
  readonly averageFieldLength: readonly number[];
  readonly nextId: number;
}

/** The protected fields and their kinds, as `checkMiniSearchShape` expects them. */
const STATE_SHAPE: readonly (readonly [
  keyof EngineState,
  "object" | "number" | "Map" | "Array",
])[] = [
  ["_options", "object"],
  ["_index", "object"],
  ["_documentCount", "number"],
  ["_nextId", "number"],
  ["_documentIds", "Map"],
  ["_idToShortId", "Map"],
  ["_fieldIds", "object"],
  ["_fieldLength", "Map"],
  ["_avgFieldLength", "Array"],
  ["_storedFields", "Map"],
  ["_dirtCount", "number"],
];

/** Methods dafu calls, or relies on MiniSearch calling, on an engine. */
const METHODS = ["add", "discard", "has", "search", "addTerm", "addFieldLength", "addDocumentId"];

const state = <T>(engine: MiniSearch<T>) => engine as unknown as EngineState;

const kindOf = (value: unknown): string =>
  value instanceof Map ? "Map" : Array.isArray(value) ? "Array" : typeof value;

/**
 * Problems with an object that should be a MiniSearch instance of the shape
 * dafu relies on: missing or mistyped protected fields, missing methods, or
 * BM25 parameters other than the ranker's. Empty when it fits.
 */
export function miniSearchShapeProblems(candidate: unknown): string[] {
  if (typeof candidate !== "object" || candidate === null) return ["不是 MiniSearch 对象"];
  const record = candidate as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, kind] of STATE_SHAPE) {
    const actual = kindOf(record[name]);
    if (actual !== kind || record[name] === null)
      problems.push(`字段 ${name} 应为 ${kind}，实为 ${actual}`);
  }
  for (const method of METHODS)
    if (typeof record[method] !== "function") problems.push(`缺少方法 ${method}()`);
  const bm25 = (record._options as EngineState["_options"] | undefined)?.searchOptions?.bm25;
  if (!bm25 || bm25.k !== BM25.k || bm25.b !== BM25.b || bm25.d !== BM25.d)
    problems.push(`BM25 参数应为 k=${BM25.k} b=${BM25.b} d=${BM25.d}`);
  return problems;
}

/** Throws an {@link AppError} ("INDEX") naming what is missing when `candidate` is not the MiniSearch dafu expects. */
export function checkMiniSearchShape(candidate: unknown): void {
  const problems = miniSearchShapeProblems(candidate);
  if (problems.length > 0) throw incompatible(problems);
}

const incompatible = (problems: readonly string[]) =>
  new AppError(
    "INDEX",
    `已安装的 MiniSearch 与搜索索引依赖的内部结构不符（需要 minisearch 7.2）：${problems.join("；")}`,
  );

let verified = false;

/**
 * Checks once per process that the installed MiniSearch has the shape and the
 * behaviour the term store relies on: indexing writes postings through
 * `_index.fetch`, records distinct terms per field in `_fieldLength`, numbers
 * documents from `_nextId`, and `discard` forgets the document but leaves its
 * postings to the store. Throws an {@link AppError} ("INDEX") otherwise.
 * `Engine` is for tests: another class to probe instead of the installed one.
 */
export function verifyMiniSearch(Engine: typeof MiniSearch = MiniSearch): void {
  if (verified && Engine === MiniSearch) return;
  const split = (text: string) => text.split(" ");
  const engine = new Engine<{ id: string; a: string }>({
    fields: ["a"],
    tokenize: split,
    processTerm: (t) => t,
    autoVacuum: false,
  });
  checkMiniSearchShape(engine);
  const s = state(engine);
  const store = new TermStore();
  s._index = store;
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  engine.add({ id: "p", a: "x y x" });
  expect(store.get("x")?.get(0)?.get(0) === 2, "add() 未经 _index.fetch 写入词项");
  expect(s._documentIds.get(0) === ("p" as unknown as number), "_documentIds 未按短 id 记录文档");
  expect(s._nextId === 1 && s._documentCount === 1, "_nextId / _documentCount 未随 add() 增加");
  expect(s._fieldLength.get(0)?.[0] === 2, "_fieldLength 不是每字段的不同词数");
  expect(s._avgFieldLength[0] === 2, "_avgFieldLength 未按字段记录平均长度");
  engine.discard("p");
  expect(!s._documentIds.has(0) && !s._fieldLength.has(0), "discard() 未移除文档记录");
  expect(
    s._documentCount === 0 && s._dirtCount === 1,
    "discard() 未更新 _documentCount / _dirtCount",
  );
  expect(store.has("x"), "discard() 改动了词项（应留给词项存储清理）");
  if (problems.length > 0) throw incompatible(problems);
  if (Engine === MiniSearch) verified = true;
}

/** A MiniSearch whose index is a {@link TermStore} (empty, or over `base` with `documents`). */
export function createEngine<T>(
  options: Options<T>,
  base: TermStoreBase | null = null,
  documents?: EngineDocuments,
): MiniSearch<T> {
  verifyMiniSearch();
  const engine = new MiniSearch<T>({ ...options, autoVacuum: false });
  const s = state(engine);
  s._index = new TermStore(base);
  if (!documents) return engine;
  const fields = fieldCount(engine);
  for (let i = 0; i < documents.shortIds.length; i++) {
    const shortId = documents.shortIds[i] as number;
    const id = documents.ids[i] as number;
    s._documentIds.set(shortId, id);
    s._idToShortId.set(id, shortId);
    s._fieldLength.set(
      shortId,
      Array.from(documents.fieldLengths.subarray(i * fields, (i + 1) * fields)),
    );
  }
  s._documentCount = documents.shortIds.length;
  s._nextId = documents.nextId;
  s._avgFieldLength = averageFieldLengths(fieldTotals(engine), s._documentCount);
  return engine;
}

/** Number of indexed fields. */
export function fieldCount<T>(engine: MiniSearch<T>): number {
  return Object.keys(state(engine)._fieldIds).length;
}

/** The engine's term store. */
export function termStoreOf<T>(engine: MiniSearch<T>): TermStore {
  return state(engine)._index as TermStore;
}

/** The next short id the engine will give, i.e. how many it has given. */
export function nextShortId<T>(engine: MiniSearch<T>): number {
  return state(engine)._nextId;
}

/** Short id of a document, if indexed. */
export function shortIdOf<T>(engine: MiniSearch<T>, id: number): number | undefined {
  return state(engine)._idToShortId.get(id);
}

/** Distinct terms per field of a document, by short id (empty when unknown). */
export function fieldLengthsOf<T>(engine: MiniSearch<T>, shortId: number): readonly number[] {
  return state(engine)._fieldLength.get(shortId) ?? [];
}

/** Sum of every live document's field length, per field (integers, so exact). */
export function fieldTotals<T>(engine: MiniSearch<T>): number[] {
  const totals = new Array<number>(fieldCount(engine)).fill(0);
  for (const lengths of state(engine)._fieldLength.values())
    for (let f = 0; f < totals.length; f++) totals[f] = (totals[f] as number) + (lengths[f] ?? 0);
  return totals;
}

/** Average field lengths as a fresh build computes them: total ÷ documents (0 when empty). */
export function averageFieldLengths(totals: readonly number[], documentCount: number): number[] {
  return totals.map((total) => (documentCount === 0 ? 0 : total / documentCount));
}

/**
 * Replaces MiniSearch's running averages (which it updates by multiplying and
 * dividing, so they drift under churn) with exact ones.
 */
export function setAverageFieldLengths<T>(
  engine: MiniSearch<T>,
  averages: readonly number[],
): void {
  state(engine)._avgFieldLength = [...averages];
}

/** The engine's documents, for saving or compacting. */
export function engineDocuments<T>(engine: MiniSearch<T>): EngineDocuments {
  const s = state(engine);
  const fields = fieldCount(engine);
  const entries = [...s._documentIds].sort((a, b) => a[0] - b[0]);
  const fieldLengths = new Uint32Array(entries.length * fields);
  entries.forEach(([shortId], i) => {
    const lengths = s._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < fields; f++) fieldLengths[i * fields + f] = lengths[f] ?? 0;
  });
  return {
    shortIds: Uint32Array.from(entries, ([shortId]) => shortId),
    ids: Uint32Array.from(entries, ([, id]) => id),
    fieldLengths,
    averageFieldLength: [...s._avgFieldLength],
    nextId: s._nextId,
  };
}

/**
 * Per-document arrays for ranking (section id, liveness, BM25 length norm per
 * field), indexed by short id, from the engine's document state.
 */
export function rankerDocuments<T>(engine: MiniSearch<T>, b: number): RankerDocuments {
  const s = state(engine);
  const fields = fieldCount(engine);
  const size = s._nextId;
  const ids = new Uint32Array(size);
  const live = new Uint8Array(size);
  const norm = new Float64Array(size * fields);
  for (const [shortId, id] of s._documentIds) {
    ids[shortId] = id;
    live[shortId] = 1;
    const lengths = s._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < fields; f++) {
      const average = s._avgFieldLength[f] ?? 0;
      norm[shortId * fields + f] = 1 - b + (b * (lengths[f] ?? 0)) / average;
    }
  }
  return { ids, live, norm, documentCount: s._documentCount };
}
