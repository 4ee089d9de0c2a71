import MiniSearch, { type Options } from "minisearch";
import type { RankerDocuments } from "./bm25-ranker.ts";
import { TermStore, type TermStoreBase } from "./term-store.ts";

/**
 * The one place that touches MiniSearch's protected state (minisearch 7.2,
 * pinned in package.json; `test/search/minisearch-internals.test.ts` checks
 * the contract). dafu keeps MiniSearch's indexing and BM25 search but gives it
 * a compact term store, builds that store in bulk, and saves and restores it
 * without MiniSearch's JSON round trip.
 */

/** The protected fields dafu reads and writes. */
interface EngineState {
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
  readonly averageFieldLength: readonly number[];
  readonly nextId: number;
}

const state = <T>(engine: MiniSearch<T>) => engine as unknown as EngineState;

/** A MiniSearch whose index is a {@link TermStore} (empty, or over `base` with `documents`). */
export function createEngine<T>(
  options: Options<T>,
  base: TermStoreBase | null = null,
  documents?: EngineDocuments,
): MiniSearch<T> {
  const engine = new MiniSearch<T>({ ...options, autoVacuum: false });
  const s = state(engine);
  s._index = new TermStore(base);
  if (!documents) return engine;
  const fields = Object.keys(s._fieldIds).length;
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
  s._avgFieldLength = [...documents.averageFieldLength];
  return engine;
}

/** The engine's term store. */
export function termStoreOf<T>(engine: MiniSearch<T>): TermStore {
  return state(engine)._index as TermStore;
}

/** The engine's documents, for saving. */
export function engineDocuments<T>(engine: MiniSearch<T>): EngineDocuments {
  const s = state(engine);
  const fields = Object.keys(s._fieldIds).length;
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
  const fields = Object.keys(s._fieldIds).length;
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
