import type { Database } from "../storage/database.ts";
import { type CorpusState, corpusState } from "../storage/meta.repository.ts";
import {
  type ReplySummary,
  repliesChangedSince,
  SUMMARY_COLUMNS,
  toSummary,
} from "../storage/reply.repository.ts";
import { getSectionsOfReplies, type SectionRecord } from "../storage/section.repository.ts";
import type { Catalog } from "./catalog.ts";
import type { CorpusIndex } from "./index-store.ts";

/** Reading the replies changed since an index's version, and applying them to it (for the index follower). */

/** A changed reply as read from the database. */
export interface ChangedReply {
  readonly reply: ReplySummary;
  readonly sections: readonly SectionRecord[];
}

/** What changed since a catalog and index's version. */
export interface IndexDelta {
  /** The database's state when read. */
  readonly now: CorpusState;
  readonly changes: readonly ChangedReply[];
}

/**
 * The replies changed since `state.version`, read in the caller's (read)
 * transaction; null when a reply was removed meanwhile (only a rebuild
 * takes that in).
 */
export async function readDelta(trx: Database, state: CorpusIndex): Promise<IndexDelta | null> {
  const now = await corpusState(trx);
  const ids = await repliesChangedSince(trx, state.version);
  if (!consistent(ids, now, state.catalog)) return null;
  return { now, changes: await readReplies(trx, ids) };
}

/** True when the catalog plus the changed replies are exactly the replies the database holds (none removed). */
export function consistent(ids: readonly number[], now: CorpusState, catalog: Catalog): boolean {
  const added = ids.filter((id) => !catalog.replies.has(id));
  let idSum = 0;
  for (const id of catalog.replies.keys()) idSum += id;
  for (const id of added) idSum += id;
  return catalog.replies.size + added.length === now.replies && idSum === now.idSum;
}

/** Applies read changes to a catalog and index in one synchronous step: a question sees all of them or none. */
export function applyChanges(state: CorpusIndex, changes: readonly ChangedReply[]): void {
  const { catalog, index } = state;
  for (const { reply, sections } of changes) {
    index.removeSections(catalog.replaceReply(reply, sections));
    index.addReply(reply, sections);
  }
}

/** Summaries and sections of some replies, read in the caller's transaction. */
export async function readReplies(trx: Database, ids: readonly number[]): Promise<ChangedReply[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("reply")
    .select(SUMMARY_COLUMNS)
    .where("id", "in", ids)
    .execute();
  const sections = await getSectionsOfReplies(trx, ids);
  const byReply = new Map<number, SectionRecord[]>();
  for (const section of sections) {
    const list = byReply.get(section.replyId) ?? [];
    list.push(section);
    byReply.set(section.replyId, list);
  }
  return rows.map((row) => ({ reply: toSummary(row), sections: byReply.get(row.id) ?? [] }));
}
