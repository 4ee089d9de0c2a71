import { docNumberKey, normalizeReference } from "./doc-number.ts";
import { type ProposalKind, proposalNumberKey } from "./proposal-number.ts";

/**
 * 答复, 复函 and 答复的函 answer a proposal directly; 会办意见 and 协办意见 are a
 * co-handling body's opinion sent to the lead office (the `recipient`).
 */
export type ReplyKind = "答复" | "复函" | "答复的函" | "会办意见" | "协办意见";

/** True for the kinds a co-handling body sends to the lead office. */
export function isCoHandling(kind: ReplyKind): boolean {
  return kind === "会办意见" || kind === "协办意见";
}

/** 办理结果 category: A 已解决或基本解决, B 正在解决或列入规划, C 待以后解决, D 留作参考. */
export type ResultCategory = "A" | "B" | "C" | "D";

/** Where `date` came from: the signature, the metadata block's 成文日期, or the publication date. */
export type DateSource = "signature" | "metadata" | "published";

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
  /** ISO YYYY-MM-DD: the signing date, else 成文日期, else the publication date (see `dateSource`). */
  readonly date: string | null;
  /** 办理结果 (解决采纳 …), null when the reply does not state it. */
  readonly result: string | null;
  /** A/B/C/D derived from the printed marking (B1类 → B, 解决采纳 → A); null when none. */
  readonly resultCategory: ResultCategory | null;
  /** The result marking exactly as printed (`类别:A类`, `（B类）`, `C`); null when none. */
  readonly resultLabel: string | null;
  /** Which source `date` was taken from; null when there is no date. */
  readonly dateSource: DateSource | null;
  /**
   * The administrative division at the session's level (通山县, 武侯区, 浙江省,
   * 全国); null when neither session, issuer nor metadata tell.
   */
  readonly place: string | null;
  /** Every body of a joint signature, in order; `issuer` is the first. */
  readonly issuers: readonly string[];
  /** The document's own title as printed (two stacked titles joined by a space); null when none. */
  readonly title: string | null;
  /** The proposal's own text when appended after the reply; never part of `sections`. */
  readonly appendedProposal: string | null;
  /** 公开属性 (主动公开·全文 …). */
  readonly disclosure: string | null;
  readonly contact: ReplyContact | null;
  /** 抄送 recipients. */
  readonly cc: readonly string[];
  readonly sections: readonly ReplySection[];
}

/**
 * The identity under which a reply is stored: its 文号 (in canonical form, so
 * `武住建函[2024]37号` and `武住建函〔2024〕37号` are one reply while
 * `浏水字〔2023〕41号` and `浏交字〔2023〕41号` are two); else place + session +
 * proposal number + reply kind + issuer; else issuer + title + date + kind.
 * The same identity with other content is a revision of the reply.
 */
export function replyKey(
  doc: Pick<
    ReplyDocument,
    | "docNumber"
    | "place"
    | "session"
    | "proposalNumber"
    | "replyKind"
    | "issuer"
    | "proposalTitle"
    | "title"
    | "date"
  >,
): string {
  if (doc.docNumber) return docNumberKey(doc.docNumber);
  const issuer = normalizeReference(doc.issuer ?? "");
  if (doc.session && doc.proposalNumber) {
    const number = proposalNumberKey(doc.proposalNumber) ?? doc.proposalNumber;
    return `${doc.place ?? ""}/${normalizeReference(doc.session)}第${number}号/${doc.replyKind}/${issuer}`;
  }
  const title = normalizeReference(doc.proposalTitle ?? doc.title ?? "");
  return `${issuer}/${title}/${doc.date ?? ""}/${doc.replyKind}`;
}
