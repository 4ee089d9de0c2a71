import { setImmediate as nextTurn } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import type { ReplySummary } from "../storage/reply.repository.ts";
import { Catalog, type SectionHead } from "./catalog.ts";
import type { CorpusIndex } from "./index-store.ts";
import { type IndexSnapshot, SectionIndex } from "./section-index.ts";

/** What the build worker posts back: the catalog in JSON chunks, the index snapshot and what they reflect. */
export interface BuiltInWorker {
  /** Each a JSON {@link CatalogChunk}: parsed one at a time, so no single step stops the event loop long. */
  readonly catalog: readonly string[];
  readonly version: number;
  readonly databaseId: string;
  readonly snapshot: IndexSnapshot;
}

/** Some replies and their section heads. */
export interface CatalogChunk {
  readonly replies: readonly ReplySummary[];
  readonly sections: readonly SectionHead[];
}

/** Replies per catalog chunk. */
const CHUNK = 500;

/**
 * Builds a catalog and index of a database file in a worker thread, so the
 * tokenising and packing never stop this thread's event loop: questions
 * are answered meanwhile. Here only the catalog is parsed, a chunk per
 * turn of the event loop; the index arrays are transferred, not copied.
 * Aborting `signal` ends the worker and rejects (a follower stopping).
 */
export function buildInWorker(databaseFile: string, signal?: AbortSignal): Promise<CorpusIndex> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("index build cancelled"));
    const worker = new Worker(new URL("./index-build-worker.mjs", import.meta.url));
    let settled = false;
    const cancel = () => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(new Error("index build cancelled"));
    };
    signal?.addEventListener("abort", cancel, { once: true });
    const settle = () => {
      settled = true;
      signal?.removeEventListener("abort", cancel);
    };
    worker.once("message", (built: BuiltInWorker) => {
      settle();
      void worker.terminate();
      receive(built).then(resolve, reject);
    });
    worker.once("error", (error) => {
      if (settled) return;
      settle();
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`index build worker exited with code ${code}`));
    });
    worker.postMessage(databaseFile);
  });
}

async function receive(built: BuiltInWorker): Promise<CorpusIndex> {
  const catalog = new Catalog();
  for (const chunk of built.catalog) {
    await nextTurn();
    const { replies, sections } = JSON.parse(chunk) as CatalogChunk;
    catalog.addAll(replies, sections);
  }
  await nextTurn();
  return {
    catalog,
    index: SectionIndex.fromSnapshot(built.snapshot),
    version: built.version,
    databaseId: built.databaseId,
  };
}

/** A catalog as JSON chunks of {@link CHUNK} replies with their section heads. */
export function catalogChunks(catalog: Catalog): string[] {
  const ids = [...catalog.replies.keys()].sort((a, b) => a - b);
  const chunks: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const replies: ReplySummary[] = [];
    const sections: SectionHead[] = [];
    for (const id of ids.slice(i, i + CHUNK)) {
      const reply = catalog.replies.get(id);
      if (reply) replies.push(reply);
      for (const sectionId of catalog.sectionsOfReply.get(id) ?? []) {
        const head = catalog.sections.get(sectionId);
        if (head) sections.push(head);
      }
    }
    chunks.push(JSON.stringify({ replies, sections } satisfies CatalogChunk));
  }
  return chunks;
}
