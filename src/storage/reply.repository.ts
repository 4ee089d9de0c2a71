import { sql } from "kysely";
import {
  type DocNumberParts,
  docSerialKey,
  findDocNumber,
  prefixKey,
} from "../documents/doc-number.ts";
import { parseSession, proposalNumberKey } from "../documents/proposal-number.ts";
import type { ReplyDocument, ReplySection } from "../documents/reply.ts";
import { replyKey } from "../documents/reply.ts";
import type { Database } from "./database.ts";
import { bumpCorpusVersion } from "./meta.repository.ts";
import { SUMMARY_COLUMNS, toSummary } from "./reply-summary.ts";
import type { NewReplyRow, ReplySectionRow } from "./schema.ts";

export { SUMMARY_COLUMNS, type SummaryRow, toSummary } from "./reply-summary.ts";

/** A reply as stored: the parsed document plus its storage identity and history. */
export interface StoredReply extends ReplyDocument {
  readonly id: number;
  readonly key: string;
  readonly revision: number;
  /** Where the reply came from: its file path relative to the ingested folder, or a page address. */
  readonly sourceFile: string;
  readonly contentHash: string;
  readonly updatedAt: string;
}

/** The few fields needed to list or cite a reply without its sections. */
export type ReplySummary = Omit<StoredReply, "sections" | "contact" | "cc" | "appendedProposal">;

/** What {@link saveReply} did. */
export type SaveOutcome = "added" | "revised" | "unchanged";

/**
 * Stores a parsed reply: a new key is added, a known key with a different
 * content hash replaces the old reply and its sections (revision + 1), the
 * same hash changes nothing. Call it inside a transaction (`trx`) so a crash
 * leaves either the old reply or the new one.
 */
export async function saveReply(
  trx: Database,
  doc: ReplyDocument,
  source: { file: string; contentHash: string; now?: string },
): Promise<{ outcome: SaveOutcome; id: number; key: string }> {
  const key = replyKey(doc);
  const now = source.now ?? new Date().toISOString();
  {
    const existing = await trx
      .selectFrom("reply")
      .select(["id", "content_hash", "revision", "ingested_at"])
      .where("reply_key", "=", key)
      .executeTakeFirst();
    if (existing?.content_hash === source.contentHash) {
      return { outcome: "unchanged" as const, id: existing.id, key };
    }
    const version = await bumpCorpusVersion(trx);
    const row = { ...toRow(doc, key, source.file, source.contentHash, now), version };
    let id: number;
    if (existing) {
      await trx
        .updateTable("reply")
        .set({ ...row, revision: existing.revision + 1, ingested_at: existing.ingested_at })
        .where("id", "=", existing.id)
        .execute();
      await trx.deleteFrom("reply_section").where("reply_id", "=", existing.id).execute();
      id = existing.id;
    } else {
      const inserted = await trx
        .insertInto("reply")
        .values(row)
        .returning("id")
        .executeTakeFirstOrThrow();
      id = inserted.id;
    }
    if (doc.sections.length > 0) {
      await trx
        .insertInto("reply_section")
        .values(
          doc.sections.map((s, position) => ({
            reply_id: id,
            position,
            title: s.title,
            kind: s.kind,
            body: s.text,
            subsections: JSON.stringify(s.subsections),
          })),
        )
        .execute();
    }
    return { outcome: existing ? ("revised" as const) : ("added" as const), id, key };
  }
}

function toRow(
  doc: ReplyDocument,
  key: string,
  file: string,
  hash: string,
  now: string,
): NewReplyRow {
  const parts = doc.docNumber ? findDocNumber(doc.docNumber) : null;
  const session = doc.session ? parseSession(doc.session) : null;
  return {
    reply_key: key,
    doc_number: doc.docNumber,
    doc_prefix_key: parts ? prefixKey(parts.prefix) : null,
    doc_year: parts?.year ?? null,
    doc_serial: parts?.serial ?? null,
    doc_serial_key: parts ? docSerialKey(parts) : null,
    issuer: doc.issuer,
    reply_kind: doc.replyKind,
    proposal_kind: doc.proposalKind,
    session: doc.session,
    session_body: session?.body ?? null,
    session_level: session?.level ?? null,
    session_term: session?.term ?? null,
    session_meeting: session?.meeting ?? null,
    proposal_number: doc.proposalNumber,
    proposal_no:
      doc.proposalNumber && /^\d{1,15}$/.test(doc.proposalNumber)
        ? Number(doc.proposalNumber)
        : null,
    proposal_key: doc.proposalNumber ? proposalNumberKey(doc.proposalNumber) : null,
    proposers: JSON.stringify(doc.proposers),
    recipient: doc.recipient,
    proposal_title: doc.proposalTitle,
    signed_on: doc.date,
    result: doc.result,
    disclosure: doc.disclosure,
    contact: doc.contact ? JSON.stringify(doc.contact) : null,
    cc: JSON.stringify(doc.cc),
    place: doc.place,
    issuers: JSON.stringify(doc.issuers),
    result_category: doc.resultCategory,
    result_label: doc.resultLabel,
    date_source: doc.dateSource,
    title: doc.title,
    appended_proposal: doc.appendedProposal,
    source_file: file,
    content_hash: hash,
    revision: 1,
    ingested_at: now,
    updated_at: now,
  };
}

function toSection(row: ReplySectionRow): ReplySection {
  return {
    title: row.title,
    kind: row.kind as ReplySection["kind"],
    text: row.body,
    subsections: JSON.parse(row.subsections),
  };
}

/** Loads a full reply (with sections) by id; undefined when absent. */
export async function getReply(db: Database, id: number): Promise<StoredReply | undefined> {
  const row = await db.selectFrom("reply").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const sections = await db
    .selectFrom("reply_section")
    .selectAll()
    .where("reply_id", "=", id)
    .orderBy("position")
    .execute();
  return {
    ...toSummary(row),
    contact: row.contact ? JSON.parse(row.contact) : null,
    cc: JSON.parse(row.cc) as string[],
    appendedProposal: row.appended_proposal,
    sections: sections.map(toSection),
  };
}

/** The reply with exactly this 文号 (prefix compared by its normalised key), if any. */
export async function findByDocNumber(
  db: Database,
  parts: DocNumberParts,
): Promise<ReplySummary | undefined> {
  const rows = await db
    .selectFrom("reply")
    .selectAll()
    .where("doc_prefix_key", "=", prefixKey(parts.prefix))
    .where("doc_year", "=", parts.year)
    .where("doc_serial", "=", parts.serial)
    .execute();
  const serial = docSerialKey(parts);
  const row = rows.find((r) => (r.doc_serial_key ?? String(r.doc_serial)) === serial);
  return row ? toSummary(row) : undefined;
}

/** Replies with the same 文号 prefix in the same or a neighbouring year, nearest first. */
export async function findNearDocNumbers(
  db: Database,
  parts: DocNumberParts,
  limit: number,
): Promise<ReplySummary[]> {
  const rows = await db
    .selectFrom("reply")
    .selectAll()
    .where("doc_prefix_key", "=", prefixKey(parts.prefix))
    .where("doc_year", ">=", parts.year - 1)
    .where("doc_year", "<=", parts.year + 1)
    .orderBy(sql`abs(doc_year - ${parts.year}) * 100000 + abs(doc_serial - ${parts.serial})`)
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

/** Replies whose 文号 year and serial (and sub-number, when given) match, whatever the prefix. */
export async function findByDocYearSerial(
  db: Database,
  year: number,
  serial: number,
  sub?: number | null,
): Promise<ReplySummary[]> {
  const rows = await db
    .selectFrom("reply")
    .selectAll()
    .where("doc_year", "=", year)
    .where("doc_serial", "=", serial)
    .execute();
  const key = docSerialKey({ serial, sub: sub ?? null });
  return rows
    .filter((r) => sub === undefined || (r.doc_serial_key ?? String(r.doc_serial)) === key)
    .map(toSummary);
}

export { listReplies, matchingIssuers, type ReplyListFilter } from "./reply-list.repository.ts";
export {
  findByProposalNumber,
  findByTitleInPlace,
  type ProposalCandidate,
} from "./reply-proposal.repository.ts";

/** Number of stored replies. */
export async function countReplies(db: Database): Promise<number> {
  const row = await db
    .selectFrom("reply")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every reply summary, for building in-memory catalogs. */
export async function allReplySummaries(db: Database): Promise<ReplySummary[]> {
  const rows = await db.selectFrom("reply").select(SUMMARY_COLUMNS).orderBy("id").execute();
  return rows.map(toSummary);
}

/** Ids of replies added or revised after corpus version `since`. */
export async function repliesChangedSince(db: Database, since: number): Promise<number[]> {
  const rows = await db
    .selectFrom("reply")
    .select("id")
    .where("version", ">", since)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}
