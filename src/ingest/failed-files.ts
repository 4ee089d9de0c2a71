import type { ReplyDocument } from "../documents/reply.ts";
import { describeError, isAppError } from "../errors.ts";
import { type Database, writeTransaction } from "../storage/database.ts";
import { type IngestLogEntry, recordIngest } from "../storage/ingest-log.repository.ts";
import type { IngestFileResult, StoreSource } from "./ingest-types.ts";

/**
 * What an ingest records and reports about a file it did not store: a file
 * that could not be read or parsed, or a reply whose save failed.
 */

/** Why a file was not stored. */
export interface Failure {
  readonly errorCode: string;
  readonly message: string;
  readonly docNumber?: string | null;
}

/** A readable reason for an error while reading or parsing a file. */
export function describeFailure(error: unknown): string {
  return isAppError(error) ? error.message : describeError(error);
}

/** A reply whose save failed: its previous version, if any, is kept. */
export function saveFailure(error: unknown, doc: ReplyDocument): Failure {
  return {
    errorCode: "DATABASE",
    message: `保存失败，已保留原有版本：${describeError(error)}`,
    docNumber: doc.docNumber,
  };
}

/** Retries of a write tell the caller which file waited for the lock. */
export function retryOf(from: StoreSource): { onRetry: (attempt: number) => void } {
  return { onRetry: (attempt: number) => from.onLockRetry?.(from.shown, attempt) };
}

/** The ingest-log entry of a file not stored. */
export function failedEntry(
  file: string,
  contentHash: string | null,
  failure: Failure,
): IngestLogEntry {
  return {
    file,
    contentHash,
    replyKey: null,
    outcome: "failed",
    errorCode: failure.errorCode,
    message: failure.message,
  };
}

/** Records a file that could not be read or parsed in the ingest log, and returns its failed result. */
export async function fail(
  db: Database,
  file: string,
  contentHash: string | null,
  retry: { onRetry: (attempt: number) => void },
  failure: Failure,
): Promise<IngestFileResult> {
  const entry = failedEntry(file, contentHash, failure);
  await writeTransaction(db, (trx) => recordIngest(trx, entry), retry).catch(
    // The log is best effort; the failure itself is still reported to the caller.
    () => undefined,
  );
  return { file, outcome: "failed", ...failure };
}
