import { DocumentError } from "../errors.ts";
import type { PlaceCues } from "../places/place-cues.ts";
import { resolvePlace } from "../places/place-resolver.ts";
import { hasHan } from "../text/chinese-text.ts";
import { stripControlCharacters } from "../text/control-characters.ts";
import { findAnyDate } from "../text/line-dates.ts";
import {
  firstSentence,
  proposalTitleIn,
  proposalTitleInTitle,
  proposersNamedIn,
  splitProposers,
} from "./reading/acknowledgement.ts";
import { findAppended, findBodyEnd, readClosing } from "./reading/closing.ts";
import { findGreeting, type GreetingPass, isSalutation } from "./reading/greeting.ts";
import { type Head, readHead } from "./reading/head.ts";
import { type Metadata, readMetadata } from "./reading/metadata-block.ts";
import { isOrganisation } from "./reading/organisation.ts";
import { NO_PAGE, type PageContext } from "./reading/page-context.ts";
import { removeFurniture, stripEditorComments, unflatten } from "./reading/page-furniture.ts";
import { findPrintedDocNumber } from "./reading/printed-doc-number.ts";
import { hasProse, isReply, namesAnAnswer, notAReplyReason } from "./reading/reply-cues.ts";
import { proposalKindOf, replyKindOf } from "./reading/reply-kinds.ts";
import { categoryOf, type ResultMark } from "./reading/result-mark.ts";
import { type FoundSession, readSessionAndNumber } from "./reading/session.ts";
import { type DateSource, isCoHandling, type ReplyDocument } from "./reply.ts";
import { splitSections } from "./reply-sections.ts";
import {
  endsSentence,
  joinWrappedLines,
  repairPageBreaks,
  type TextUnit,
  toTextUnits,
} from "./text-units.ts";

/**
 * Turns the text of one reply into a {@link ReplyDocument}, reading it in
 * passes: page furniture out → metadata block → head (letterhead, 文号,
 * titles, marks) → greeting and acknowledgement → body sections → closing
 * (signature, date, contact, 抄送, appended proposal). Each pass records what
 * it found; later ones fall back on earlier ones (a session found only in the
 * first sentence, a date found only in the metadata, the page's own date).
 */

/** Parses reply text; `page` is what the surrounding web page said. Throws {@link DocumentError}. */
export function parseReplyText(text: string, page: PageContext = NO_PAGE): ReplyDocument {
  const clean = stripControlCharacters(stripEditorComments(text));
  if (!hasHan(clean)) throw new DocumentError("NOT_A_REPLY", "没有中文内容，不是答复文件");
  const furniture = removeFurniture(toTextUnits(unflatten(clean).text));
  const { metadata, units: lines } = readMetadata(furniture.units);
  const plain = joinWrappedLines(lines);
  const start = locateBody(plain);
  if (!start) throw new DocumentError("NOT_A_REPLY", notAReplyReason(plain));
  const { greeting, units: raw } = start;
  const head = withMetadataTitle(readHead(raw.slice(0, greeting.at)), metadata);
  const units = repairPageBreaks(raw, greeting.bodyStart);
  const appendedAt = findAppended(units, greeting.bodyStart + 1);
  const bodyEnd = findBodyEnd(units, greeting.bodyStart, appendedAt);
  const bodyUnits = units.slice(greeting.bodyStart, bodyEnd);
  const body = bodyUnits.map((u) => u.text);
  const marked = new Set(bodyUnits.flatMap((u, i) => (u.heading ? [i] : [])));
  const cues = {
    greeting: greeting.greeting !== null,
    acknowledged: greeting.acknowledged,
    answerTitle: head.titles.some(namesAnAnswer),
    prose: hasProse(units.slice(greeting.bodyStart, bodyEnd)),
  };
  if (body.length === 0 && (cues.answerTitle || cues.greeting)) {
    throw new DocumentError("NO_REPLY_BODY", "找到了标题，但没有答复正文");
  }
  if (!isReply(cues)) throw new DocumentError("NOT_A_REPLY", notAReplyReason(plain));
  const closing = readClosing(units, bodyEnd, appendedAt);
  const doc = assemble({
    head,
    metadata,
    page,
    greeting: greeting.greeting,
    body,
    marked,
    closing,
  });
  checkComplete(doc, body, closing.issuers.length > 0);
  return doc;
}

/** A page whose article shows no title still names it in the metadata block (名称). */
function withMetadataTitle(head: Head, metadata: Metadata): Head {
  const name = nonEmpty(metadata.get("名称"));
  return head.titles.length === 0 && name ? { ...head, titles: [name] } : head;
}

/** The greeting pass, with a glued greeting split off its body unit. */
function locateBody(units: TextUnit[]): { greeting: GreetingPass; units: TextUnit[] } | null {
  const found = findGreeting(units) ?? titledWithoutAcknowledgement(units);
  if (!found) return null;
  if (found.firstBodyText === null) return { greeting: found, units };
  const copy = [...units];
  copy.splice(
    found.bodyStart,
    1,
    { text: "", heading: false },
    {
      text: found.firstBodyText,
      heading: false,
    },
  );
  return { greeting: { ...found, bodyStart: found.bodyStart + 1 }, units: copy };
}

/** A title naming the answer, then a greeting line, then the body (no acknowledgement words). */
function titledWithoutAcknowledgement(units: readonly TextUnit[]): GreetingPass | null {
  const titleAt = units
    .slice(0, 15)
    .findIndex((u) => u.text.length <= 120 && namesAnAnswer(u.text));
  if (titleAt < 0) return null;
  for (let i = titleAt + 1; i < Math.min(units.length, titleAt + 6); i++) {
    const text = units[i]?.text ?? "";
    if (/[：:]$/.test(text) && isSalutation(text)) {
      const greeting = text.replace(/[：:]$/, "");
      return { greeting, at: i, bodyStart: i + 1, firstBodyText: null, acknowledged: false };
    }
  }
  return {
    greeting: null,
    at: titleAt + 1,
    bodyStart: titleAt + 1,
    firstBodyText: null,
    acknowledged: false,
  };
}

interface Parts {
  readonly head: Head;
  readonly metadata: Metadata;
  readonly page: PageContext;
  readonly greeting: string | null;
  readonly body: readonly string[];
  /** Body paragraphs that markup made headings. */
  readonly marked: ReadonlySet<number>;
  readonly closing: ReturnType<typeof readClosing>;
}

function assemble(p: Parts): ReplyDocument {
  const { head, metadata, closing } = p;
  const opening = firstSentence(p.body[0] ?? "");
  const firstParagraph = (p.body[0] ?? "").slice(0, 400);
  const docNumber = head.docNumber ?? metadataDocNumber(metadata);
  const sources = [...head.titles, opening, p.page.title ?? ""];
  const { session, proposalNumber } = readSessionAndNumber(sources, docNumber);
  const replyKind = replyKindOf(head.titles, firstParagraph);
  const parties = readParties(p, isCoHandling(replyKind), opening);
  const { date, dateSource } = pickDate(closing.date, metadata, p.page);
  const mark = head.mark ?? metadataMark(metadata);
  return {
    docNumber,
    issuer: parties.issuer,
    replyKind,
    proposalKind: proposalKindOf(session?.body ?? null, head.titles, firstParagraph, p.greeting),
    session: session?.session ?? null,
    proposalNumber,
    proposers: parties.proposers,
    recipient: parties.recipient,
    proposalTitle: proposalTitleIn(opening) ?? firstOf(head.titles, proposalTitleInTitle) ?? null,
    date,
    result: head.result ?? nonEmpty(metadata.get("办理结果")),
    resultCategory: mark?.category ?? null,
    resultLabel: mark?.label ?? null,
    dateSource,
    place: resolvePlace(placeCues(session, parties, metadata, p)),
    issuers: parties.issuers,
    title: head.titles.join(" ") || null,
    appendedProposal: closing.appendedProposal,
    disclosure: head.disclosure ?? nonEmpty(metadata.get("公开方式")),
    contact: closing.contact,
    cc: closing.cc,
    sections: splitSections(p.body, p.marked),
  };
}

interface Parties {
  readonly issuer: string | null;
  readonly issuers: readonly string[];
  readonly letterhead: string | null;
  readonly proposers: readonly string[];
  readonly recipient: string | null;
}

/**
 * Who signs and who proposed: the issuer is the first body that signs, else
 * the metadata's 发布机构, else the letterhead; a 会办/协办 opinion greets the
 * lead office (the recipient) and names the proposers in its first sentence.
 */
function readParties(p: Parts, coHandling: boolean, opening: string): Parties {
  const signed = p.closing.issuers;
  const letterhead = p.head.letterhead ?? titlePrefixBody(p.head.titles[0] ?? p.page.title ?? "");
  const issuer = signed[0] ?? nonEmpty(p.metadata.get("发布机构")) ?? letterhead;
  const greeted = p.greeting && !coHandling ? splitProposers(p.greeting) : [];
  return {
    issuer,
    issuers: signed.length > 0 ? signed : issuer ? [issuer] : [],
    letterhead,
    proposers: greeted.length > 0 ? greeted : proposersNamedIn(opening),
    recipient: coHandling ? p.greeting : null,
  };
}

function placeCues(
  session: FoundSession | null,
  parties: Parties,
  metadata: Metadata,
  p: Parts,
): PlaceCues {
  const named = session?.placeName;
  const sessionText =
    session && named ? `${named}${session.session.slice(session.level.length)}` : null;
  return {
    session: sessionText ?? session?.session ?? null,
    issuers: parties.issuers,
    publisher: nonEmpty(metadata.get("发布机构")) ?? p.page.siteName,
    letterhead: parties.letterhead,
    titles: [...p.head.titles, ...(p.page.title ? [p.page.title] : [])],
    opening: p.body.slice(0, 2).join("").slice(0, 300),
    others: [
      ...p.closing.cc,
      ...[p.closing.contact?.address, p.page.title, p.page.siteName].filter(
        (x): x is string => typeof x === "string" && x.length > 0,
      ),
    ],
  };
}

function pickDate(
  signed: string | null,
  metadata: Metadata,
  page: PageContext,
): { date: string | null; dateSource: DateSource | null } {
  if (signed) return { date: signed, dateSource: "signature" };
  const written = findAnyDate(metadata.get("成文日期") ?? "");
  if (written) return { date: written, dateSource: "metadata" };
  const published = findAnyDate(metadata.get("发布日期") ?? "") ?? page.published;
  return published
    ? { date: published, dateSource: "published" }
    : { date: null, dateSource: null };
}

/** The 办理结果 of a metadata table (`办理结果 | B类`), its value kept as printed. */
function metadataMark(metadata: Metadata): ResultMark | null {
  const value = nonEmpty(metadata.get("办理结果"));
  const category = value ? categoryOf(value) : null;
  return value && category ? { category, label: value } : null;
}

function metadataDocNumber(metadata: Metadata): string | null {
  const value = nonEmpty(metadata.get("文号"));
  if (!value || /^(?:无|暂无|\/|-|—)$/.test(value)) return null;
  return findPrintedDocNumber(value)?.printed ?? value;
}

/** The body named before 关于 in a title: `某省林业局关于…` → 某省林业局. */
function titlePrefixBody(title: string): string | null {
  const prefix = /^(.{2,30}?)关于/.exec(title)?.[1]?.trim() ?? "";
  return isOrganisation(prefix) ? prefix : null;
}

function nonEmpty(value: string | undefined | null): string | null {
  const v = value?.trim();
  return v ? v : null;
}

function firstOf<T>(items: readonly string[], read: (s: string) => T | null): T | null {
  for (const item of items) {
    const found = read(item);
    if (found !== null) return found;
  }
  return null;
}

/** Rejects a reply cut off mid-sentence, and one that can be told apart from no other. */
function checkComplete(doc: ReplyDocument, body: readonly string[], signed: boolean): void {
  const last = body.at(-1) ?? "";
  if (!doc.date && !signed && !doc.appendedProposal && !endsSentence(last)) {
    throw new DocumentError("FILE_TRUNCATED", "答复正文在句子中间结束，文件可能被截断");
  }
  if (
    !doc.docNumber &&
    !(doc.session && doc.proposalNumber) &&
    !doc.issuer &&
    !doc.title &&
    !doc.proposalTitle
  ) {
    throw new DocumentError(
      "NO_IDENTITY",
      "既没有文号，也没有会议和编号、发文单位或标题，无法识别这份答复",
    );
  }
}
