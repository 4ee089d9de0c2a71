import { Worker } from "node:worker_threads";
import type { ReplySummary } from "../storage/reply.repository.ts";
import { Catalog, type SectionHead } from "./catalog.ts";
import type { CorpusIndex } from "./index-store.ts";
import { type IndexSnapshot, SectionIndex } from "./section-index.ts";

/** What the build worker posts back: the catalog's parts, the index snapshot and what they reflect. */
export interface BuiltInWorker {
  readonly replies: readonly ReplySummary[];
  readonly sections: readonly SectionHead[];
  readonly version: number;
  readonly databaseId: string;
  readonly snapshot: IndexSnapshot;
}

/**
 * Builds a catalog and index of a database file in a worker thread, so the
 * tokenising and packing never stop this thread's event loop: questions
 * are answered meanwhile. Only receiving the result (a structured clone of
 * the catalog; the index arrays are transferred) runs here.
 */
export function buildInWorker(databaseFile: string): Promise<CorpusIndex> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./index-build-worker.mjs", import.meta.url));
    let settled = false;
    worker.once("message", (built: BuiltInWorker) => {
      settled = true;
      resolve({
        catalog: Catalog.from(built.replies, built.sections),
        index: SectionIndex.fromSnapshot(built.snapshot),
        version: built.version,
        databaseId: built.databaseId,
      });
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`index build worker exited with code ${code}`));
    });
    worker.postMessage(databaseFile);
  });
}
