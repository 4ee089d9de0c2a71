import type { IngestOutcomeKind } from "../storage/ingest-log.repository.ts";

/** What ingesting reply files takes and gives back. */

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
  /** Files larger than this are refused with FILE_TOO_LARGE. Default 20 MB. */
  readonly maxFileBytes?: number;
  /**
   * A write transaction takes no more files once it has written this long
   * (ms); the rest of the batch goes in the next. Default `BATCH_WRITE_MS` (100).
   */
  readonly batchWriteMs?: number;
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

/** Where a parsed reply came from, for `storeReply`. */
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
