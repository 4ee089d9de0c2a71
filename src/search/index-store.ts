import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Database, readTransaction } from "../storage/database.ts";
import { corpusVersion, databaseId } from "../storage/meta.repository.ts";
import { getSectionsOfReplies } from "../storage/section.repository.ts";
import { Catalog } from "./catalog.ts";
import { indexRecipe } from "./index-recipe.ts";
import { SectionIndex } from "./section-index.ts";
import { readSnapshotFile, type SnapshotStamp, writeSnapshotFile } from "./snapshot-file.ts";

/**
 * The search index persisted next to the database, so a restart does not
 * re-tokenise every reply. The snapshot is stamped with the database's
 * identity, a fingerprint of the corpus it holds and the index recipe; it is
 * used only when all three match the database as read in one transaction.
 */

/** File name of the snapshot inside the data directory. */
export const INDEX_SNAPSHOT_FILE = "search-index.bin";

const SNAPSHOT_FORMAT = 3;
/** Replies read from the database per batch while building; smaller in the background, to yield often. */
const BUILD_BATCH = 500;
const BACKGROUND_BATCH = 50;

/** How the index was obtained. */
export type IndexSource = "snapshot" | "built";

/** A catalog and index of one consistent state of one database. */
export interface CorpusIndex {
  readonly catalog: Catalog;
  readonly index: SectionIndex;
  /** The corpus version the catalog and index reflect. */
  readonly version: number;
  /** The database they came from. */
  readonly databaseId: string;
}

/** Test seams and background-friendliness for {@link openSearchIndex} and {@link buildCorpusIndex}. */
export interface BuildOptions {
  /** Called after the catalog is read, inside the read transaction (tests commit a write here). */
  readonly afterCatalog?: () => Promise<void>;
  /** Give the event loop a turn between batches (background rebuilds). */
  readonly yieldBetweenBatches?: boolean;
}

/** The stamp a snapshot of this catalog and index must carry. */
export function snapshotStamp(state: Omit<CorpusIndex, "index">): SnapshotStamp {
  return {
    format: SNAPSHOT_FORMAT,
    recipe: indexRecipe(SNAPSHOT_FORMAT),
    databaseId: state.databaseId,
    corpus: state.catalog.fingerprint(state.version),
  };
}

/**
 * Loads the catalog and the index, from the snapshot when it is this
 * database's and current, else by building (and saving) one. Catalog,
 * version and sections are read in one read transaction, so a write
 * committed meanwhile is either wholly in or wholly left to catch-up.
 */
export async function openSearchIndex(
  db: Database,
  dataDir: string,
  options: BuildOptions = {},
): Promise<CorpusIndex & { source: IndexSource }> {
  const file = path.join(dataDir, INDEX_SNAPSHOT_FILE);
  const loaded = await readTransaction(db, async (trx) => {
    const head = await readHead(trx, options);
    const snapshot = readSnapshotFile(file, snapshotStamp(head));
    if (snapshot) {
      return { ...head, index: SectionIndex.fromSnapshot(snapshot), source: "snapshot" as const };
    }
    const index = await buildIndex(trx, head.catalog, options);
    return { ...head, index, source: "built" as const };
  });
  if (loaded.source === "built") saveIndex(dataDir, loaded);
  return loaded;
}

/** Builds a new catalog and index of the database as it is now, in one read transaction. */
export async function buildCorpusIndex(
  db: Database,
  options: BuildOptions = {},
): Promise<CorpusIndex> {
  return readTransaction(db, async (trx) => {
    const head = await readHead(trx, options);
    return { ...head, index: await buildIndex(trx, head.catalog, options) };
  });
}

async function readHead(trx: Database, options: BuildOptions): Promise<Omit<CorpusIndex, "index">> {
  const catalog = await Catalog.load(trx);
  await options.afterCatalog?.();
  return { catalog, version: await corpusVersion(trx), databaseId: await databaseId(trx) };
}

/** Indexes every section of every reply in the catalog in one pass, reading the database a batch at a time. */
export async function buildIndex(
  db: Database,
  catalog: Catalog,
  options: BuildOptions = {},
): Promise<SectionIndex> {
  const ids = [...catalog.replies.keys()].sort((a, b) => a - b);
  const builder = SectionIndex.builder();
  const batch = options.yieldBetweenBatches ? BACKGROUND_BATCH : BUILD_BATCH;
  for (let i = 0; i < ids.length; i += batch) {
    if (options.yieldBetweenBatches) await nextTurn();
    const sections = await getSectionsOfReplies(db, ids.slice(i, i + batch));
    for (let j = 0; j < sections.length; ) {
      const replyId = sections[j]?.replyId;
      let k = j;
      while (k < sections.length && sections[k]?.replyId === replyId) k++;
      const reply = replyId === undefined ? undefined : catalog.replies.get(replyId);
      if (reply) builder.add(reply, sections.slice(j, k));
      j = k;
    }
  }
  if (options.yieldBetweenBatches) await nextTurn();
  return builder.finish();
}

/** Writes the snapshot of a catalog and index, stamped with what they hold; returns its size in bytes. */
export function saveIndex(dataDir: string, state: CorpusIndex): number {
  return writeSnapshotFile(
    path.join(dataDir, INDEX_SNAPSHOT_FILE),
    state.index.toSnapshot(),
    snapshotStamp(state),
  );
}
