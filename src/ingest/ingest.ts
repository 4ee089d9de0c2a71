import { createHash } from "node:crypto";
import path from "node:path";
import { sql } from "kysely";
import { enqueueAlerts, readPreviousVersion } from "../alerts/enqueue-alerts.ts";
import type { ReplyDocument } from "../documents/reply.ts";
import { isAppError } from "../errors.ts";
import { type Database, isBusyError, writeTransaction } from "../storage/database.ts";
import { type IngestOutcomeKind, recordIngest } from "../storage/ingest-log.repository.ts";
import { saveReply } from "../storage/reply.repository.ts";
import {
  describeFailure,
  type Failure,
  fail,
  failedEntry,
  retryOf,
  saveFailure,
} from "./failed-files.ts";
import type { IngestFileResult, IngestOptions, IngestReport, StoreSource } from "./ingest-types.ts";
import { displayPath, expandInputs, readReplyFile } from "./reply-files.ts";

export { fail } from "./failed-files.ts";
export type { IngestFileResult, IngestOptions, IngestReport, StoreSource } from "./ingest-types.ts";
export { listReplyFiles } from "./reply-files.ts";

/** Default size cap of one reply file: 20 MB (a reply is a few kilobytes; a PDF dump or a log is not a reply). */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Files {@link ingestPaths} reads and parses ahead, then stores in one write
 * transaction. With one transaction per file, each commit wrote the pages of
 * the reply, section, log and version tables to the WAL again: about a third
 * of the cost of storing a reply at 10,000 replies.
 */
export const STORE_BATCH = 32;

/** A batch is stored once its replies' text reaches this many characters, however few files it has. */
const BATCH_READ_CHARS = 4_000_000;

/**
 * Ingests reply files and folders (recursively: .md, .txt, .html). Files are
 * read and parsed {@link STORE_BATCH} at a time, outside any transaction, then
 * stored in one write transaction, each through {@link storeReply}'s write
 * path under a savepoint of its own: a broken file, or one whose save fails,
 * is reported with its reason (its previous version intact) and the others
 * are still stored. A crash loses at most the batch under way, wholly (its
 * files are stored by the next ingest).
 */
export async function ingestPaths(
  db: Database,
  inputs: readonly string[],
  options: IngestOptions = {},
): Promise<IngestReport> {
  const { files, missing, sources } = await expandInputs(inputs);
  const results: IngestFileResult[] = [];
  const total = files.length + missing.length;
  const finish = (result: IngestFileResult) => {
    results.push(result);
    options.onProgress?.(results.length, total, result);
  };
  for (const file of missing) {
    finish({
      file: displayPath(file),
      outcome: "failed",
      errorCode: "FILE_UNREADABLE",
      message: "文件或目录不存在",
    });
  }
  const budget = options.batchWriteMs ?? BATCH_WRITE_MS;
  let batch: ReadFile[] = [];
  let chars = 0;
  for (const [i, file] of files.entries()) {
    const item = readForStore(file, options, sources.get(file));
    batch.push(item);
    chars += "doc" in item ? item.doc.sections.reduce((n, s) => n + s.text.length, 0) : 0;
    // Up to STORE_BATCH files, fewer when they are long: large files are not all held at once.
    if (batch.length < STORE_BATCH && chars < BATCH_READ_CHARS && i < files.length - 1) continue;
    for (const result of await storeBatch(db, batch, budget)) finish(result);
    batch = [];
    chars = 0;
  }
  const count = (kind: IngestOutcomeKind) => results.filter((r) => r.outcome === kind).length;
  return {
    added: count("added"),
    revised: count("revised"),
    unchanged: count("unchanged"),
    failed: count("failed"),
    results,
  };
}

/**
 * Parses and stores one file in one write transaction; never throws for a
 * bad document. Another process writing at the same time is waited for.
 */
export async function ingestFile(
  db: Database,
  file: string,
  options: Pick<IngestOptions, "maxFileBytes" | "onLockRetry" | "timeZone" | "gatherMs"> = {},
  /** The reply's `source`: its path relative to the ingested folder (default the file name). */
  source = path.basename(file),
  /** The file's content, when the caller has read it already (the watcher, for its hash). */
  bytes?: Uint8Array,
): Promise<IngestFileResult> {
  const read = readForStore(file, options, source, bytes);
  if ("failure" in read) return fail(db, read.from.shown, null, retryOf(read.from), read.failure);
  return storeReply(db, read.doc, read.from, read.contentHash);
}

/**
 * Stores one parsed reply in one write transaction: the reply and its
 * sections, the ingest log entry, and (same transaction) whatever else must
 * happen exactly when a reply is added or revised. Every way a reply comes in
 * (a file, a watched folder, a government page) goes through here, or
 * through {@link ingestPaths}, which runs the same write path for each reply
 * of a batch. Never throws: a failure is logged and returned.
 */
export async function storeReply(
  db: Database,
  doc: ReplyDocument,
  from: StoreSource,
  /** The reply's {@link hashDocument}, when the caller has computed it already. */
  contentHash = hashDocument(doc),
): Promise<IngestFileResult> {
  try {
    return await writeTransaction(
      db,
      (trx) => writeReply(trx, doc, from, contentHash),
      retryOf(from),
    );
  } catch (error) {
    // The transaction rolled back: the previous version of this reply, if any, is intact.
    return fail(db, from.shown, contentHash, retryOf(from), saveFailure(error, doc));
  }
}

/** The one write path of a reply, inside the caller's write transaction. */
async function writeReply(
  trx: Database,
  doc: ReplyDocument,
  from: StoreSource,
  contentHash: string,
): Promise<IngestFileResult> {
  // Read before saveReply replaces it: a revision's alert says what changed.
  const previous = await readPreviousVersion(trx, doc, contentHash);
  const saved = await saveReply(trx, doc, { file: from.source, contentHash });
  // Same transaction: the reply and its alerts are stored together or not at all.
  await enqueueAlerts(trx, saved, doc, previous, {
    timeZone: from.timeZone,
    gatherMs: from.gatherMs,
  });
  await recordIngest(trx, {
    ...NO_ERROR,
    file: from.shown,
    contentHash,
    replyKey: saved.key,
    outcome: saved.outcome,
  });
  return {
    file: from.shown,
    outcome: saved.outcome,
    replyId: saved.id,
    replyKey: saved.key,
    docNumber: doc.docNumber,
  };
}

const NO_ERROR = { errorCode: null, message: null } as const;

/** A file read for storing: its parsed reply, or why it could not be read or parsed. */
type ReadFile =
  | { readonly from: StoreSource; readonly doc: ReplyDocument; readonly contentHash: string }
  | { readonly from: StoreSource; readonly failure: Failure };

function readForStore(
  file: string,
  options: Pick<IngestOptions, "maxFileBytes" | "onLockRetry" | "timeZone" | "gatherMs">,
  source = path.basename(file),
  bytes?: Uint8Array,
): ReadFile {
  const { onLockRetry, timeZone, gatherMs } = options;
  const from: StoreSource = { shown: displayPath(file), source, onLockRetry, timeZone, gatherMs };
  try {
    const doc = readReplyFile(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, bytes);
    return { from, doc, contentHash: hashDocument(doc) };
  } catch (error) {
    const errorCode = isAppError(error) ? error.code : "FILE_UNREADABLE";
    return { from, failure: { errorCode, message: describeFailure(error) } };
  }
}

/**
 * A write transaction stops taking more of its batch once it has written for
 * this long, and the rest go in the next one: other writers (a dispatcher
 * recording a confirmed send, the bot's watcher) wait about this long at most,
 * however costly each reply's alert matching is.
 */
export const BATCH_WRITE_MS = 100;

/**
 * Stores a batch of read files in as few write transactions as
 * {@link BATCH_WRITE_MS} allows: each reply through {@link writeReply} under a
 * savepoint, so one whose save fails is undone alone and logged as failed;
 * files that could not be read are logged in their place.
 */
async function storeBatch(
  db: Database,
  batch: readonly ReadFile[],
  budgetMs: number,
): Promise<IngestFileResult[]> {
  const results: IngestFileResult[] = [];
  while (results.length < batch.length)
    results.push(...(await storeSome(db, batch.slice(results.length), budgetMs)));
  return results;
}

/**
 * Stores a first part of `batch` (at least one file) in one write
 * transaction. When the transaction itself fails (nothing of it is kept),
 * each file is stored again in a transaction of its own, which reports its
 * own failure.
 */
async function storeSome(
  db: Database,
  batch: readonly ReadFile[],
  budgetMs: number,
): Promise<IngestFileResult[]> {
  const first = batch[0];
  if (!first) return [];
  try {
    return await writeTransaction(
      db,
      async (trx) => {
        const started = performance.now();
        const results: IngestFileResult[] = [];
        for (const item of batch) {
          results.push(await storeInBatch(trx, item));
          if (performance.now() - started >= budgetMs) break;
        }
        return results;
      },
      retryOf(first.from),
    );
  } catch {
    const results: IngestFileResult[] = [];
    for (const item of batch) {
      results.push(
        "failure" in item
          ? await fail(db, item.from.shown, null, retryOf(item.from), item.failure)
          : await storeReply(db, item.doc, item.from, item.contentHash),
      );
    }
    return results;
  }
}

async function storeInBatch(trx: Database, item: ReadFile): Promise<IngestFileResult> {
  if ("failure" in item) {
    await recordIngest(trx, failedEntry(item.from.shown, null, item.failure));
    return { file: item.from.shown, outcome: "failed", ...item.failure };
  }
  await sql`savepoint store_reply`.execute(trx);
  try {
    const result = await writeReply(trx, item.doc, item.from, item.contentHash);
    await sql`release store_reply`.execute(trx);
    return result;
  } catch (error) {
    // Another process's lock: the whole transaction is retried, as for a single reply.
    if (isBusyError(error)) throw error;
    // Only this reply is undone: its previous version, if any, is intact.
    await sql`rollback to store_reply`.execute(trx);
    await sql`release store_reply`.execute(trx);
    const failure = saveFailure(error, item.doc);
    await recordIngest(trx, failedEntry(item.from.shown, item.contentHash, failure));
    return { file: item.from.shown, outcome: "failed", ...failure };
  }
}

/** A stable hash of the parsed content: the same reply in another file or format hashes the same. */
export function hashDocument(doc: ReplyDocument): string {
  return createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}
