import type { ProposalKind } from "./proposal-number.ts";

/** 答复 answers a proposal directly; 会办意见 is a co-handling body's opinion sent to the lead office. */
export type ReplyKind = "答复" | "会办意见";

/** Where a section sits in the reply: the opening, a topic of the proposal, or the closing plan. */
export type SectionKind = "opening" | "topic" | "closing";

/** A heading inside a section (一是…, （一）…) and where its text starts. */
export interface Subsection {
  readonly title: string;
  /** Offset of the heading in the section's `text`. */
  readonly offset: number;
}

/** One topic section of a reply body. */
export interface ReplySection {
  readonly title: string;
  readonly kind: SectionKind;
  /** Paragraphs joined with `\n`. */
  readonly text: string;
  readonly subsections: readonly Subsection[];
}

/** Contact block printed under the signature. */
export interface ReplyContact {
  readonly name: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly postcode: string | null;
}

/** A reply as parsed from one file. Field names are the JSON names used everywhere. */
export interface ReplyDocument {
  /** Canonical 文号 (沪科提复〔2023〕45号), or null when the reply shows none. */
  readonly docNumber: string | null;
  readonly issuer: string | null;
  readonly replyKind: ReplyKind;
  readonly proposalKind: ProposalKind | null;
  /** As written, spaces removed: 市政协十四届一次会议. */
  readonly session: string | null;
  /** As written, leading zeros kept: 0539. */
  readonly proposalNumber: string | null;
  readonly proposers: readonly string[];
  /** The office a 会办意见 is addressed to (the lead handling body); null for a 答复. */
  readonly recipient: string | null;
  readonly proposalTitle: string | null;
  /** Signing date, ISO YYYY-MM-DD. */
  readonly date: string | null;
  /** 办理结果 (解决采纳 …), null when the reply does not state it. */
  readonly result: string | null;
  /** 公开属性 (主动公开·全文 …). */
  readonly disclosure: string | null;
  readonly contact: ReplyContact | null;
  /** 抄送 recipients. */
  readonly cc: readonly string[];
  readonly sections: readonly ReplySection[];
}

/** The identity under which a reply is stored: its 文号, else session + proposal number. */
export function replyKey(
  doc: Pick<ReplyDocument, "docNumber" | "session" | "proposalNumber" | "replyKind" | "issuer">,
): string {
  if (doc.docNumber) return doc.docNumber;
  return `${doc.session}第${doc.proposalNumber}号/${doc.replyKind}/${doc.issuer ?? ""}`;
}
