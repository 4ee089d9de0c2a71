import { DocumentError } from "../errors.ts";
import { findChineseDate, isDateLine } from "../text/chinese-numerals.ts";
import { hasHan } from "../text/chinese-text.ts";
import { findDocNumber, formatDocNumber } from "./doc-number.ts";
import { kindOfSession, type ProposalKind, parseSession } from "./proposal-number.ts";
import type { ReplyContact, ReplyDocument, ReplyKind } from "./reply.ts";
import { splitSections } from "./reply-sections.ts";
import { repairPageBreaks, type TextUnit, toTextUnits } from "./text-units.ts";

/**
 * Turns the text of one reply into a {@link ReplyDocument}: letterhead (文号,
 * issuer), title (session, proposal number, kinds), salutation (proposers),
 * body sections, signature and date, contact and 抄送.
 */

const TITLE = /(?:第\s*)?\d{1,5}\s*号\s*(?:代表|委员)?(?:建议|提案|议案)/;
const TITLE_SESSION = /(?:关于对|对|关于)(?<session>[^对]*?会议)第?(?<num>\d{1,5})号/;
const ANY_SESSION =
  /(?<session>[^\s，。]*?(?:人大|政协|人民代表大会|政治协商会议)[^\s，。]*?会议)第?(?<num>\d{1,5})号/;
const BARE_NUMBER = /第?(?<num>\d{1,5})号/;
const ORG =
  /^[\p{Script=Han}（）()]{2,40}?(?:委员会|人民政府|政府|办公厅|办公室|局|厅|委|院|中心|部|署|会|处|公司|集团|银行|大学)$/u;
const CLOSING_FORMULA = /^(?:感谢|特此|此复|以上意见|以上答复|专此|谨此|顺致)/;

/** Parses reply text; `source` names the file in error messages. Throws {@link DocumentError}. */
export function parseReplyText(text: string): ReplyDocument {
  if (!hasHan(text)) throw new DocumentError("NOT_A_REPLY", "没有中文内容，不是答复文件");
  const raw = toTextUnits(text);
  const titleAt = raw.findIndex(
    (u) => TITLE.test(u.text) && /答复|会办|办理|意见|复函/.test(u.text),
  );
  const numberAt = raw.findIndex(
    (u, i) =>
      (titleAt < 0 || i <= titleAt + 1) && u.text.length <= 40 && findDocNumber(u.text) !== null,
  );
  if (titleAt < 0 && numberAt < 0) {
    throw new DocumentError(
      "NOT_A_REPLY",
      "没有找到答复的文号或标题（如“对……第0539号提案的答复”）",
    );
  }
  const headEnd = Math.max(titleAt, numberAt);
  const salutationAt = raw.findIndex(
    (u, i) =>
      i > headEnd &&
      /[：:]$/.test(u.text) &&
      u.text.length <= 60 &&
      !/^(?:联系|抄送|附件)/.test(u.text),
  );
  const bodyStart = salutationAt >= 0 ? salutationAt + 1 : headEnd + 1;
  const units = repairPageBreaks(raw, bodyStart);
  const bodyEnd = findBodyEnd(units, bodyStart);
  const body = units.slice(bodyStart, bodyEnd).map((u) => u.text);
  const tail = units.slice(bodyEnd);

  const title = titleAt >= 0 ? (raw[titleAt]?.text ?? "") : "";
  const titleMatch =
    TITLE_SESSION.exec(title) ?? ANY_SESSION.exec(title) ?? BARE_NUMBER.exec(title);
  const sessionText = titleMatch?.groups?.session ?? null;
  const session = sessionText ? parseSession(sessionText) : null;
  const docNumberParts = numberAt >= 0 ? findDocNumber(raw[numberAt]?.text ?? "") : null;
  const replyKind: ReplyKind = /会办/.test(title) ? "会办意见" : "答复";
  const proposalKind: ProposalKind | null = /提案/.test(title)
    ? "提案"
    : /建议|议案/.test(title)
      ? "建议"
      : session
        ? kindOfSession(session)
        : null;
  const salutation =
    salutationAt >= 0 ? (raw[salutationAt]?.text.replace(/[：:]$/, "") ?? null) : null;
  const acknowledgement = body.slice(0, 2).join("");
  const namedInText = replyKind === "会办意见" ? proposersNamedIn(acknowledgement) : [];
  const signature = findSignature(tail);

  const doc: ReplyDocument = {
    docNumber: docNumberParts ? formatDocNumber(docNumberParts) : null,
    issuer: signature.issuer ?? letterheadIssuer(raw, numberAt, title),
    replyKind,
    proposalKind,
    session: sessionText,
    proposalNumber: titleMatch?.groups?.num ?? null,
    proposers: namedInText.length > 0 ? namedInText : salutation ? splitProposers(salutation) : [],
    recipient: replyKind === "会办意见" ? salutation : null,
    proposalTitle: findProposalTitle(acknowledgement),
    date: signature.date,
    result: fieldValue(raw, "办理结果"),
    disclosure: fieldValue(raw, "公开属性") ?? fieldValue(raw, "公开方式"),
    contact: findContact(tail),
    cc: (fieldValue(tail, "抄送") ?? "")
      .replace(/[。.]$/, "")
      .split(/[，,、；;]/)
      .map((s) => s.trim())
      .filter(Boolean),
    sections: splitSections(body),
    resultCategory: null,
    resultLabel: null,
    dateSource: signature.date ? "signature" : null,
    place: null,
    issuers: [],
    title: title || null,
    appendedProposal: null,
  };
  if (!doc.docNumber && !(doc.session && doc.proposalNumber)) {
    throw new DocumentError(
      "NO_IDENTITY",
      "既没有文号，也没有会议名称和建议/提案编号，无法识别这份答复",
    );
  }
  if (doc.sections.length === 0)
    throw new DocumentError("NO_REPLY_BODY", "找到了标题，但没有答复正文");
  if (!doc.date) {
    throw new DocumentError("NO_SIGNING_DATE", "没有落款日期，文件可能不完整（被截断）");
  }
  return doc;
}

function findBodyEnd(units: readonly TextUnit[], start: number): number {
  for (let i = start + 1; i < units.length; i++) {
    const t = units[i]?.text ?? "";
    const next = units[i + 1]?.text ?? "";
    if (CLOSING_FORMULA.test(t) || isDateLine(t) || /^(?:联系人|联系电话|抄送)/.test(t)) return i;
    if (ORG.test(t) && isDateLine(next)) return i;
  }
  return units.length;
}

function findSignature(tail: readonly TextUnit[]): { issuer: string | null; date: string | null } {
  const at = tail.findIndex((u) => isDateLine(u.text));
  if (at >= 0) {
    const before = tail[at - 1]?.text ?? "";
    return {
      issuer: ORG.test(before) ? before : null,
      date: findChineseDate(tail[at]?.text ?? ""),
    };
  }
  const printed = tail.find((u) => /印发$/.test(u.text));
  return { issuer: null, date: printed ? findChineseDate(printed.text) : null };
}

function letterheadIssuer(
  units: readonly TextUnit[],
  numberAt: number,
  title: string,
): string | null {
  const candidate = units[numberAt - 1]?.text.replace(/文件$/, "") ?? "";
  if (numberAt > 0 && ORG.test(candidate)) return candidate;
  const prefix = /^(.+?)(?:关于对|关于|对)/.exec(title)?.[1] ?? "";
  return ORG.test(prefix) ? prefix : null;
}

/** `季昕华代表提出的…` → [季昕华]; `张三、李四等委员提出的…` → [张三, 李四]. */
function proposersNamedIn(text: string): string[] {
  const m = /^(.{2,40}?)(?:等\d*[位名]?)?(?:代表|委员)(?:们)?(?:提出|所提|领衔)/.exec(text);
  return m?.[1] ? splitProposers(m[1]) : [];
}

/** Splits a salutation into proposers: `姜雪峰、洪亮、王彦等委员` → [姜雪峰, 洪亮, 王彦]. */
export function splitProposers(text: string): string[] {
  return text
    .replace(/^尊敬的/, "")
    .split(/[、，,；;]/)
    .map((name) =>
      name
        .trim()
        .replace(/等\d*[位名]?(?:委员|代表)?们?$/, "")
        .replace(/(?<!代表团|代表组)(?:委员|代表|同志|先生|女士)们?$/, "")
        .replace(/等$/, ""),
    )
    .filter((name) => name.length > 0);
}

/** The proposal's title quoted in the acknowledgement: `提出的“关于……的建议”` (nested quotes kept). */
function findProposalTitle(text: string): string | null {
  const open = text.search(/提出的\s*“/);
  if (open >= 0) {
    const start = text.indexOf("“", open) + 1;
    let depth = 1;
    for (let i = start; i < text.length; i++) {
      if (text[i] === "“") depth++;
      if (text[i] === "”" && --depth === 0) return text.slice(start, i);
    }
  }
  return /提出的(关于[^“”]+?的(?:建议|提案|议案))/.exec(text)?.[1] ?? null;
}

function fieldValue(units: readonly TextUnit[], label: string): string | null {
  const pattern = new RegExp(`^${label}[：:]\\s*(.+)$`);
  for (const u of units) {
    const m = pattern.exec(u.text);
    if (m?.[1]) return m[1].trim();
  }
  return null;
}

function findContact(tail: readonly TextUnit[]): ReplyContact | null {
  const contact: ReplyContact = {
    name: fieldValue(tail, "联系人(?:姓名)?"),
    phone: fieldValue(tail, "联系电话"),
    address: fieldValue(tail, "(?:联系)?地址"),
    postcode: fieldValue(tail, "邮政编码"),
  };
  return Object.values(contact).some((v) => v !== null) ? contact : null;
}
