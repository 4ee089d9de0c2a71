import type { ReplySection } from "../documents/reply.ts";
import type { Database } from "./database.ts";
import type { ReplySectionRow } from "./schema.ts";

/** A section row with its id, as the search index needs it. */
export interface SectionRecord {
  readonly id: number;
  readonly replyId: number;
  readonly position: number;
  readonly title: string;
  readonly kind: ReplySection["kind"];
  readonly text: string;
  readonly subsections: ReplySection["subsections"];
}

function toSectionRecord(row: ReplySectionRow): SectionRecord {
  return {
    id: row.id,
    replyId: row.reply_id,
    position: row.position,
    title: row.title,
    kind: row.kind as ReplySection["kind"],
    text: row.body,
    subsections: JSON.parse(row.subsections),
  };
}

/** Sections by id (any order); missing ids are skipped. */
export async function getSections(db: Database, ids: readonly number[]): Promise<SectionRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("reply_section").selectAll().where("id", "in", ids).execute();
  return rows.map(toSectionRecord);
}

/** The sections of the given replies, in document order. */
export async function getSectionsOfReplies(
  db: Database,
  replyIds: readonly number[],
): Promise<SectionRecord[]> {
  if (replyIds.length === 0) return [];
  const rows = await db
    .selectFrom("reply_section")
    .selectAll()
    .where("reply_id", "in", replyIds)
    .orderBy("reply_id")
    .orderBy("position")
    .execute();
  return rows.map(toSectionRecord);
}

/** Every section without its text (id, reply, position, title, kind, subsections). */
export async function allSectionHeads(db: Database): Promise<Omit<SectionRecord, "text">[]> {
  const rows = await db
    .selectFrom("reply_section")
    .select(["id", "reply_id", "position", "title", "kind", "subsections"])
    .orderBy("reply_id")
    .orderBy("position")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    replyId: row.reply_id,
    position: row.position,
    title: row.title,
    kind: row.kind as ReplySection["kind"],
    subsections: JSON.parse(row.subsections),
  }));
}
