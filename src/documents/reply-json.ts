import type { ReplyDocument } from "./reply.ts";

/** The JSON shape of a reply wherever one is printed (`parse`, `lookup`, `list`, logs, exports). */
export interface ReplyJson {
  docNumber: string | null;
  issuer: string | null;
  issuers: readonly string[];
  place: string | null;
  replyKind: string;
  proposalKind: string | null;
  session: string | null;
  proposalNumber: string | null;
  proposers: readonly string[];
  recipient: string | null;
  title: string | null;
  proposalTitle: string | null;
  date: string | null;
  dateSource: string | null;
  result: string | null;
  resultCategory: string | null;
  resultLabel: string | null;
  disclosure: string | null;
  /** Where the reply came from: the file path relative to the ingested folder (or as given to `parse`). */
  source: string | null;
  contact: ReplyDocument["contact"];
  cc: readonly string[];
  sections: { title: string; kind: string; subsections: string[] }[];
  /** True when the proposal's own text followed the reply (kept apart, never a section). */
  hasAppendedProposal: boolean;
}

/** The fields of a reply without its body: what listings and candidates show. */
export type ReplySummaryJson = Omit<
  ReplyJson,
  "contact" | "cc" | "sections" | "hasAppendedProposal"
>;

type SummaryFields = Omit<ReplyDocument, "contact" | "cc" | "sections" | "appendedProposal">;

/** The summary fields of a reply (no contact, cc or sections) and where it came from. */
export function replySummaryToJson(doc: SummaryFields, source: string | null): ReplySummaryJson {
  return {
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    issuers: doc.issuers,
    place: doc.place,
    replyKind: doc.replyKind,
    proposalKind: doc.proposalKind,
    session: doc.session,
    proposalNumber: doc.proposalNumber,
    proposers: doc.proposers,
    recipient: doc.recipient,
    title: doc.title,
    proposalTitle: doc.proposalTitle,
    date: doc.date,
    dateSource: doc.dateSource,
    result: doc.result,
    resultCategory: doc.resultCategory,
    resultLabel: doc.resultLabel,
    disclosure: doc.disclosure,
    source,
  };
}

/** Field-by-field JSON of a reply; sections carry their titles, not their text. */
export function replyToJson(doc: ReplyDocument, source: string | null): ReplyJson {
  return {
    ...replySummaryToJson(doc, source),
    contact: doc.contact,
    cc: doc.cc,
    sections: doc.sections.map((s) => ({
      title: s.title,
      kind: s.kind,
      subsections: s.subsections.map((x) => x.title),
    })),
    hasAppendedProposal: doc.appendedProposal !== null,
  };
}
