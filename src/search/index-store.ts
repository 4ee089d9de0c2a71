import path from "node:path";
import type { Database } from "../storage/database.ts";
import { corpusVersion } from "../storage/meta.repository.ts";
import { getSectionsOfReplies } from "../storage/section.repository.ts";
import { Catalog } from "./catalog.ts";
import { SectionIndex } from "./section-index.ts";
import { readSnapshotFile, type SnapshotStamp, writeSnapshotFile } from "./snapshot-file.ts";
import { TOKENIZER_VERSION } from "./tokenizer.ts";

/**
 * The search index persisted next to the database, so a restart does not
 * re-tokenise every reply. The snapshot records the corpus version and the
 * tokenizer version it was built with; when either differs it is rebuilt.
 */

/** File name of the snapshot inside the data directory. */
export const INDEX_SNAPSHOT_FILE = "search-index.bin";

const SNAPSHOT_FORMAT = 2;
/** Replies read from the database per batch while building. */
const BUILD_BATCH = 500;

/** How the index was obtained. */
export type IndexSource = "snapshot" | "built";

/** The stamp a snapshot of the current corpus must carry. */
export function snapshotStamp(corpus: number): SnapshotStamp {
  return { format: SNAPSHOT_FORMAT, tokenizerVersion: TOKENIZER_VERSION, corpusVersion: corpus };
}

/** Loads the catalog and the index, from the snapshot when it is current, else by building and saving one. */
export async function openSearchIndex(
  db: Database,
  dataDir: string,
): Promise<{ catalog: Catalog; index: SectionIndex; source: IndexSource; version: number }> {
  const catalog = await Catalog.load(db);
  const version = await corpusVersion(db);
  const file = path.join(dataDir, INDEX_SNAPSHOT_FILE);
  const snapshot = readSnapshotFile(file, snapshotStamp(version));
  if (snapshot)
    return { catalog, index: SectionIndex.fromSnapshot(snapshot), source: "snapshot", version };
  const index = await buildIndex(db, catalog);
  saveIndex(dataDir, index, version);
  return { catalog, index, source: "built", version };
}

/** Indexes every section of every reply in the catalog in one pass, reading the database a batch at a time. */
export async function buildIndex(db: Database, catalog: Catalog): Promise<SectionIndex> {
  const ids = [...catalog.replies.keys()].sort((a, b) => a - b);
  const builder = SectionIndex.builder();
  for (let i = 0; i < ids.length; i += BUILD_BATCH) {
    const sections = await getSectionsOfReplies(db, ids.slice(i, i + BUILD_BATCH));
    for (let j = 0; j < sections.length; ) {
      const replyId = sections[j]?.replyId;
      let k = j;
      while (k < sections.length && sections[k]?.replyId === replyId) k++;
      const reply = replyId === undefined ? undefined : catalog.replies.get(replyId);
      if (reply) builder.add(reply, sections.slice(j, k));
      j = k;
    }
  }
  return builder.finish();
}

/** Writes the index's snapshot for a corpus version; returns its size in bytes. */
export function saveIndex(dataDir: string, index: SectionIndex, corpus: number): number {
  return writeSnapshotFile(
    path.join(dataDir, INDEX_SNAPSHOT_FILE),
    index.toSnapshot(),
    snapshotStamp(corpus),
  );
}
