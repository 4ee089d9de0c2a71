import type { Database } from "./database.ts";

/** What happened to one file during ingestion. */
export type IngestOutcomeKind = "added" | "revised" | "unchanged" | "failed";

/** One ingest-log entry. */
export interface IngestLogEntry {
  readonly file: string;
  readonly contentHash: string | null;
  readonly replyKey: string | null;
  readonly outcome: IngestOutcomeKind;
  readonly errorCode: string | null;
  readonly message: string | null;
}

/** Appends one entry to the ingest log. */
export async function recordIngest(
  db: Database,
  entry: IngestLogEntry,
  at = new Date().toISOString(),
): Promise<void> {
  await db
    .insertInto("ingest_log")
    .values({
      file: entry.file,
      content_hash: entry.contentHash,
      reply_key: entry.replyKey,
      outcome: entry.outcome,
      error_code: entry.errorCode,
      message: entry.message,
      at,
    })
    .execute();
}

/** The most recent entries, newest first. */
export async function recentIngests(
  db: Database,
  limit = 50,
): Promise<(IngestLogEntry & { at: string })[]> {
  const rows = await db
    .selectFrom("ingest_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    file: r.file,
    contentHash: r.content_hash,
    replyKey: r.reply_key,
    outcome: r.outcome as IngestOutcomeKind,
    errorCode: r.error_code,
    message: r.message,
    at: r.at,
  }));
}
