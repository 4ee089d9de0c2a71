import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { enqueueAlerts, readPreviousVersion } from "../alerts/enqueue-alerts.ts";
import { parseReplyFile, REPLY_FILE_EXTENSIONS } from "../documents/parse-reply-file.ts";
import type { ReplyDocument } from "../documents/reply.ts";
import { AppError, describeError, isAppError } from "../errors.ts";
import { type Database, writeTransaction } from "../storage/database.ts";
import { type IngestOutcomeKind, recordIngest } from "../storage/ingest-log.repository.ts";
import { saveReply } from "../storage/reply.repository.ts";

/** The result for one file. */
export interface IngestFileResult {
  readonly file: string;
  readonly outcome: IngestOutcomeKind;
  readonly replyId?: number;
  readonly replyKey?: string;
  readonly docNumber?: string | null;
  readonly errorCode?: string;
  readonly message?: string;
}

/** Counts per outcome plus every file's result, in the order files were read. */
export interface IngestReport {
  readonly added: number;
  readonly revised: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly results: readonly IngestFileResult[];
}

/** Options for {@link ingestPaths}. */
export interface IngestOptions {
  /** Called after each file: files done so far, total, and this file's result. */
  readonly onProgress?: (done: number, total: number, result: IngestFileResult) => void;
  /** Files larger than this are refused with FILE_TOO_LARGE. Default {@link DEFAULT_MAX_FILE_BYTES}. */
  readonly maxFileBytes?: number;
  /**
   * Told when a write had to be retried because another process held the
   * database's write lock. Not a failure: log it at debug level at most.
   */
  readonly onLockRetry?: (file: string, attempt: number) => void;
  /** Zone of the chats' digest hour and quiet hours, for the alerts a reply enqueues. Default Asia/Shanghai. */
  readonly timeZone?: string;
  /** Gather window of the instant alerts a reply enqueues (config `alertGatherMs`). Default 2000 ms. */
  readonly gatherMs?: number;
}

/** Default size cap of one reply file: 20 MB (a reply is a few kilobytes; a PDF dump or a log is not a reply). */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Ingests reply files and folders (recursively: .md, .txt, .html). Each file
 * is parsed and stored in its own transaction; a broken file is reported with
 * its reason and the others are still ingested.
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
  for (const file of files) finish(await ingestFile(db, file, options, sources.get(file)));
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
): Promise<IngestFileResult> {
  const shown = displayPath(file);
  const retry = { onRetry: (attempt: number) => options.onLockRetry?.(shown, attempt) };
  let doc: ReplyDocument;
  try {
    doc = await readReply(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  } catch (error) {
    return fail(db, shown, null, retry, {
      errorCode: isAppError(error) ? error.code : "FILE_UNREADABLE",
      message: isAppError(error) ? error.message : describeError(error),
    });
  }
  return storeReply(db, doc, {
    shown,
    source,
    onLockRetry: options.onLockRetry,
    timeZone: options.timeZone,
    gatherMs: options.gatherMs,
  });
}

/** Where a parsed reply came from, for {@link storeReply}. */
export interface StoreSource {
  /** How the ingest log and reports name it (a path relative to the working folder, or a page address). */
  readonly shown: string;
  /** The reply's `source`: a path relative to the ingested folder, or a page address. */
  readonly source: string;
  readonly onLockRetry?: (file: string, attempt: number) => void;
  /** Zone of the chats' digest hour and quiet hours (config `timeZone`). Default Asia/Shanghai. */
  readonly timeZone?: string;
  /** Gather window of instant alerts (config `alertGatherMs`). Default 2000 ms. */
  readonly gatherMs?: number;
}

/**
 * Stores one parsed reply in one write transaction: the reply and its
 * sections, the ingest log entry, and (same transaction) whatever else must
 * happen exactly when a reply is added or revised. Every way a reply comes in
 * (a file, a watched folder, a government page) goes through here. Never
 * throws: a failure is logged and returned.
 */
export async function storeReply(
  db: Database,
  doc: ReplyDocument,
  from: StoreSource,
): Promise<IngestFileResult> {
  const { shown, source } = from;
  const retry = { onRetry: (attempt: number) => from.onLockRetry?.(shown, attempt) };
  const contentHash = hashDocument(doc);
  try {
    const saved = await writeTransaction(
      db,
      async (trx) => {
        // Read before saveReply replaces it: a revision's alert says what changed.
        const previous = await readPreviousVersion(trx, doc, contentHash);
        const result = await saveReply(trx, doc, { file: source, contentHash });
        // Same transaction: the reply and its alerts are stored together or not at all.
        await enqueueAlerts(trx, result, doc, previous, {
          timeZone: from.timeZone,
          gatherMs: from.gatherMs,
        });
        await recordIngest(trx, {
          ...NO_ERROR,
          file: shown,
          contentHash,
          replyKey: result.key,
          outcome: result.outcome,
        });
        return result;
      },
      retry,
    );
    return {
      file: shown,
      outcome: saved.outcome,
      replyId: saved.id,
      replyKey: saved.key,
      docNumber: doc.docNumber,
    };
  } catch (error) {
    // The transaction rolled back: the previous version of this reply, if any, is intact.
    return fail(db, shown, contentHash, retry, {
      errorCode: "DATABASE",
      message: `保存失败，已保留原有版本：${describeError(error)}`,
      docNumber: doc.docNumber,
    });
  }
}

const NO_ERROR = { errorCode: null, message: null } as const;

async function readReply(file: string, maxBytes: number): Promise<ReplyDocument> {
  if (!isReplyFile(file)) {
    throw new AppError(
      "FILE_UNREADABLE",
      `不支持的文件类型（只读取 ${REPLY_FILE_EXTENSIONS.join(" ")}）`,
    );
  }
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size > maxBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `文件过大（${megabytes(size)} MB，上限 ${megabytes(maxBytes)} MB），未入库`,
    );
  }
  let bytes: Buffer;
  try {
    // A reply is a few kilobytes: a synchronous read is cheaper than a trip through the thread pool.
    bytes = readFileSync(file);
  } catch (error) {
    throw new AppError("FILE_UNREADABLE", "无法读取文件", { cause: error });
  }
  return parseReplyFile(path.basename(file), bytes);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "");
}

/** Records a file that could not be read or parsed in the ingest log, and returns its failed result. */
export async function fail(
  db: Database,
  file: string,
  contentHash: string | null,
  retry: { onRetry: (attempt: number) => void },
  failure: { errorCode: string; message: string; docNumber?: string | null },
): Promise<IngestFileResult> {
  const entry = {
    file,
    contentHash,
    replyKey: null,
    outcome: "failed" as const,
    errorCode: failure.errorCode,
    message: failure.message,
  };
  await writeTransaction(db, (trx) => recordIngest(trx, entry), retry).catch(
    // The log is best effort; the failure itself is still reported to the caller.
    () => undefined,
  );
  return { file, outcome: "failed", ...failure };
}

/** A stable hash of the parsed content: the same reply in another file or format hashes the same. */
export function hashDocument(doc: ReplyDocument): string {
  return createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}

function isReplyFile(file: string): boolean {
  return (REPLY_FILE_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

async function expandInputs(
  inputs: readonly string[],
): Promise<{ files: string[]; missing: string[]; sources: Map<string, string> }> {
  const files: string[] = [];
  const missing: string[] = [];
  // Each file's source: its path relative to the folder given, or its name when given itself.
  const sources = new Map<string, string>();
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) missing.push(input);
    else if (info.isDirectory()) {
      for (const file of await listReplyFiles(input)) {
        files.push(file);
        sources.set(file, path.relative(input, file).split(path.sep).join("/"));
      }
    } else files.push(input);
  }
  return { files, missing, sources };
}

/** Reply files under a folder, recursively, sorted by path; hidden entries are skipped. */
export async function listReplyFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listReplyFiles(full)));
    else if (isReplyFile(full)) out.push(full);
  }
  return out;
}

/** Paths under the working directory are shown relative, so logs carry no machine paths. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}
