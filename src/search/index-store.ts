import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "../storage/database.ts";
import { corpusVersion } from "../storage/meta.repository.ts";
import { getSectionsOfReplies } from "../storage/section.repository.ts";
import { Catalog } from "./catalog.ts";
import { SectionIndex } from "./section-index.ts";
import { TOKENIZER_VERSION } from "./tokenizer.ts";

/**
 * The search index persisted next to the database, so a restart does not
 * re-tokenise every reply. The snapshot records the corpus version and the
 * tokenizer version it was built with; when either differs it is rebuilt.
 */

/** File name of the snapshot inside the data directory. */
export const INDEX_SNAPSHOT_FILE = "search-index.json";

const SNAPSHOT_FORMAT = 1;
/** Replies read from the database per batch while building. */
const BUILD_BATCH = 500;

interface Snapshot {
  readonly format: number;
  readonly tokenizerVersion: number;
  readonly corpusVersion: number;
  readonly index: unknown;
}

/** How the index was obtained. */
export type IndexSource = "snapshot" | "built";

/** Loads the catalog and the index, from the snapshot when it is current, else by building and saving one. */
export async function openSearchIndex(
  db: Database,
  dataDir: string,
): Promise<{ catalog: Catalog; index: SectionIndex; source: IndexSource }> {
  const catalog = await Catalog.load(db);
  const version = await corpusVersion(db);
  const file = path.join(dataDir, INDEX_SNAPSHOT_FILE);
  const loaded = readSnapshot(file, version);
  if (loaded) return { catalog, index: loaded, source: "snapshot" };
  const index = await buildIndex(db, catalog);
  writeSnapshot(file, index, version);
  return { catalog, index, source: "built" };
}

/** Indexes every section of every reply in the catalog. */
export async function buildIndex(db: Database, catalog: Catalog): Promise<SectionIndex> {
  const index = new SectionIndex();
  const ids = [...catalog.replies.keys()];
  for (let i = 0; i < ids.length; i += BUILD_BATCH) {
    const sections = await getSectionsOfReplies(db, ids.slice(i, i + BUILD_BATCH));
    for (let j = 0; j < sections.length; ) {
      const replyId = sections[j]?.replyId;
      let k = j;
      while (k < sections.length && sections[k]?.replyId === replyId) k++;
      const reply = replyId === undefined ? undefined : catalog.replies.get(replyId);
      if (reply) index.addReply(reply, sections.slice(j, k));
      j = k;
    }
  }
  return index;
}

/** Writes the snapshot atomically (temp file, then rename). */
export function writeSnapshot(file: string, index: SectionIndex, version: number): void {
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    tokenizerVersion: TOKENIZER_VERSION,
    corpusVersion: version,
    index: index.toJSON(),
  };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snapshot));
  renameSync(temp, file);
}

/** Reads a snapshot when it exists and matches; a damaged or stale snapshot is ignored (and later replaced). */
export function readSnapshot(file: string, version: number): SectionIndex | null {
  if (!existsSync(file)) return null;
  try {
    const snapshot = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
    const current =
      snapshot.format === SNAPSHOT_FORMAT &&
      snapshot.tokenizerVersion === TOKENIZER_VERSION &&
      snapshot.corpusVersion === version;
    return current ? SectionIndex.fromJSON(snapshot.index) : null;
  } catch {
    return null;
  }
}
