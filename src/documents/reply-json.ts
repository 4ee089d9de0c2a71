import type { ReplyDocument } from "./reply.ts";

/** The JSON shape of a reply wherever one is printed (CLI, logs, exports). */
export interface ReplyJson {
  docNumber: string | null;
  issuer: string | null;
  replyKind: string;
  proposalKind: string | null;
  session: string | null;
  proposalNumber: string | null;
  proposers: readonly string[];
  recipient: string | null;
  proposalTitle: string | null;
  date: string | null;
  result: string | null;
  disclosure: string | null;
  contact: ReplyDocument["contact"];
  cc: readonly string[];
  sections: { title: string; kind: string; subsections: string[] }[];
}

/** Field-by-field JSON of a reply; sections carry their titles, not their text. */
export function replyToJson(doc: ReplyDocument): ReplyJson {
  return {
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    replyKind: doc.replyKind,
    proposalKind: doc.proposalKind,
    session: doc.session,
    proposalNumber: doc.proposalNumber,
    proposers: doc.proposers,
    recipient: doc.recipient,
    proposalTitle: doc.proposalTitle,
    date: doc.date,
    result: doc.result,
    disclosure: doc.disclosure,
    contact: doc.contact,
    cc: doc.cc,
    sections: doc.sections.map((s) => ({
      title: s.title,
      kind: s.kind,
      subsections: s.subsections.map((x) => x.title),
    })),
  };
}
