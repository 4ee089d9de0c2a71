import type { ProposalKind } from "../documents/proposal-number.ts";
import type { DateSource, ReplyKind, ResultCategory } from "../documents/reply.ts";
import type { ReplySummary } from "./reply.repository.ts";
import type { ReplyRow } from "./schema.ts";

/** The columns a summary is made of: what catalogs read, leaving out the large ones it has no use for. */
export const SUMMARY_COLUMNS = [
  "id",
  "reply_key",
  "doc_number",
  "issuer",
  "reply_kind",
  "proposal_kind",
  "session",
  "proposal_number",
  "proposers",
  "recipient",
  "proposal_title",
  "signed_on",
  "result",
  "disclosure",
  "result_category",
  "result_label",
  "date_source",
  "place",
  "issuers",
  "title",
  "revision",
  "source_file",
  "content_hash",
  "updated_at",
] as const satisfies readonly (keyof ReplyRow)[];

/** A row with the {@link SUMMARY_COLUMNS}. */
export type SummaryRow = Pick<ReplyRow, (typeof SUMMARY_COLUMNS)[number]>;

/** Maps a row to a summary (no sections). */
export function toSummary(row: SummaryRow): ReplySummary {
  return {
    id: row.id,
    key: row.reply_key,
    docNumber: row.doc_number,
    issuer: row.issuer,
    replyKind: row.reply_kind as ReplyKind,
    proposalKind: row.proposal_kind as ProposalKind | null,
    session: row.session,
    proposalNumber: row.proposal_number,
    proposers: JSON.parse(row.proposers) as string[],
    recipient: row.recipient,
    proposalTitle: row.proposal_title,
    date: row.signed_on,
    result: row.result,
    disclosure: row.disclosure,
    resultCategory: row.result_category as ResultCategory | null,
    resultLabel: row.result_label,
    dateSource: row.date_source as DateSource | null,
    place: row.place,
    issuers: row.issuers ? (JSON.parse(row.issuers) as string[]) : row.issuer ? [row.issuer] : [],
    title: row.title,
    revision: row.revision,
    sourceFile: row.source_file,
    contentHash: row.content_hash,
    updatedAt: row.updated_at,
  };
}
