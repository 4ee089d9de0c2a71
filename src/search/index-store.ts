import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Database, readTransaction } from "../storage/database.ts";
import { corpusVersion, databaseId } from "../storage/meta.repository.ts";
import { SUMMARY_COLUMNS, toSummary } from "../storage/reply.repository.ts";
import { getSectionsOfReplies, type SectionRecord } from "../storage/section.repository.ts";
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
    const catalog = await Catalog.load(trx);
    const head = await readHead(trx, catalog, options);
    const snapshot = readSnapshotFile(file, snapshotStamp(head));
    if (snapshot) {
      return { ...head, index: SectionIndex.fromSnapshot(snapshot), source: "snapshot" as const };
    }
    // Not current: build from this same read transaction.
    const built = await buildFrom(trx, { ...options, afterCatalog: undefined });
    return { ...built, source: "built" as const };
  });
  if (loaded.source === "built") saveIndex(dataDir, loaded);
  return loaded;
}

/**
 * Builds a new catalog and index of the database as it is now, from one
 * read transaction, reading replies and their sections a batch at a time.
 * With `yieldBetweenBatches`, questions are answered between batches.
 */
export async function buildCorpusIndex(
  db: Database,
  options: BuildOptions = {},
): Promise<CorpusIndex> {
  return readTransaction(db, (trx) => buildFrom(trx, options));
}

async function buildFrom(trx: Database, options: BuildOptions): Promise<CorpusIndex> {
  const catalog = new Catalog();
  const builder = SectionIndex.builder();
  const batch = options.yieldBetweenBatches ? BACKGROUND_BATCH : BUILD_BATCH;
  for (let after = 0; ; ) {
    if (options.yieldBetweenBatches) await nextTurn();
    const rows = await trx
      .selectFrom("reply")
      .select(SUMMARY_COLUMNS)
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const sections = groupByReply(
      await getSectionsOfReplies(
        trx,
        rows.map((r) => r.id),
      ),
    );
    for (const row of rows) {
      const reply = toSummary(row);
      const own = sections.get(row.id) ?? [];
      catalog.replaceReply(reply, own);
      builder.add(reply, own);
    }
  }
  const head = await readHead(trx, catalog, options);
  if (options.yieldBetweenBatches) await nextTurn();
  return { ...head, index: builder.finish() };
}

async function readHead(
  trx: Database,
  catalog: Catalog,
  options: BuildOptions,
): Promise<Omit<CorpusIndex, "index">> {
  await options.afterCatalog?.();
  return { catalog, version: await corpusVersion(trx), databaseId: await databaseId(trx) };
}

function groupByReply(sections: readonly SectionRecord[]): Map<number, SectionRecord[]> {
  const byReply = new Map<number, SectionRecord[]>();
  for (const section of sections) {
    const list = byReply.get(section.replyId);
    if (list) list.push(section);
    else byReply.set(section.replyId, [section]);
  }
  return byReply;
}

/** Indexes every section of every reply in the catalog in one pass, reading the database a batch at a time. */
export async function buildIndex(db: Database, catalog: Catalog): Promise<SectionIndex> {
  const ids = [...catalog.replies.keys()].sort((a, b) => a - b);
  const builder = SectionIndex.builder();
  for (let i = 0; i < ids.length; i += BUILD_BATCH) {
    const sections = groupByReply(await getSectionsOfReplies(db, ids.slice(i, i + BUILD_BATCH)));
    for (const [replyId, own] of sections) {
      const reply = catalog.replies.get(replyId);
      if (reply) builder.add(reply, own);
    }
  }
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
