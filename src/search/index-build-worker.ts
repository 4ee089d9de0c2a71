import { parentPort } from "node:worker_threads";
import { openDatabase } from "../storage/database.ts";
import { type BuiltInWorker, catalogChunks } from "./index-build.ts";
import { buildCorpusIndex } from "./index-store.ts";

/**
 * Worker thread: builds a catalog and index of the database file it is
 * given, from one read transaction on a connection of its own, and posts
 * them back with the index arrays transferred, not copied. Started by
 * {@link buildInWorker} through `index-build-worker.mjs`.
 */
parentPort?.once("message", async (file: string) => {
  const db = openDatabase(file);
  try {
    const built = await buildCorpusIndex(db);
    const snapshot = built.index.toSnapshot();
    const message: BuiltInWorker = {
      catalog: catalogChunks(built.catalog),
      version: built.version,
      databaseId: built.databaseId,
      snapshot,
    };
    const { base, documents } = snapshot;
    const arrays = [base.termStarts, base.postingStarts, base.ids, base.freqs];
    arrays.push(documents.shortIds, documents.ids, documents.fieldLengths);
    const buffers = new Set(arrays.map((a) => a.buffer as ArrayBuffer));
    parentPort?.postMessage(message, [...buffers]);
  } finally {
    await db.destroy();
  }
});
