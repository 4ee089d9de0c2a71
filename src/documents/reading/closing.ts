import { parseDateLine } from "../../text/line-dates.ts";
import type { ReplyContact } from "../reply.ts";
import type { TextUnit } from "../text-units.ts";
import { isOrganisation, organisationsOf } from "./organisation.ts";

/**
 * Pass 6: where the body ends, and the closing after it: the signature (one
 * body or a joint signature on one line or stacked), the signing date
 * (damaged forms included), contact block, 抄送, and the proposal's own text
 * appended after the reply (附：提案原文).
 */

const CLOSING_FORMULA =
  /^(?:感谢|衷心感谢|诚挚感谢|再次感谢|非常感谢|特此|此复|此致|以上意见|以上答复|专此|谨此|顺致|顺颂)/;
const CONTACT_START =
  /^[（(]?(?:联系人|联系电话|联系单位|联系方式|承办人|承办单位|承办负责人|领导签批|抄送|经办人)/;
const APPENDED =
  /^(?:附(?:件\d?)?\s*[：:]?\s*[^，。]{0,8}?(?:提案|建议|议案)(?:的)?(?:原文|全文|内容|文本)|(?:提案|建议|议案)原文)/;

/** The units of a reply after its head, cut into body, closing and appended proposal. */
export interface ClosingPass {
  readonly bodyEnd: number;
  readonly issuers: readonly string[];
  readonly date: string | null;
  readonly contact: ReplyContact | null;
  readonly cc: readonly string[];
  readonly appendedProposal: string | null;
  /** Index where the appended proposal starts (units.length when none). */
  readonly appendedAt: number;
}

/** Index of the appended proposal's marker line, or units.length. */
export function findAppended(units: readonly TextUnit[], from: number): number {
  for (let i = from; i < units.length; i++) if (APPENDED.test(units[i]?.text ?? "")) return i;
  return units.length;
}

/** Index of the first unit after the body (closing formula, date, contact or signature). */
export function findBodyEnd(units: readonly TextUnit[], start: number, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const unit = units[i];
    if (!unit) break;
    const t = unit.text;
    if (CLOSING_FORMULA.test(t) || CONTACT_START.test(t) || isDateLine(unit)) return i;
    if (signatureNames(unit).length > 0 && signatureBlockEnds(units, i, end)) return i;
  }
  return end;
}

/** True when the body names from `at` on (up to four lines) end the text or meet a date. */
function signatureBlockEnds(units: readonly TextUnit[], at: number, end: number): boolean {
  for (let i = at; i < Math.min(end, at + 4); i++) {
    const unit = units[i];
    if (!unit || signatureNames(unit).length === 0) return isDateLine(unit);
    if (i === end - 1) return true;
  }
  return isDateLine(units[at + 4]);
}

/** Reads the closing units `[bodyEnd, appendedAt)`. */
export function readClosing(
  units: readonly TextUnit[],
  bodyEnd: number,
  appendedAt: number,
): ClosingPass {
  const tail = units.slice(bodyEnd, appendedAt);
  const dateAt = tail.findIndex((u) => isDateLine(u) && !/印发$/.test(u.text));
  const issuers = dateAt >= 0 ? issuersBefore(tail, dateAt) : lastSignature(tail);
  const appended = units
    .slice(appendedAt + 1)
    .map((u) => u.text)
    .join("\n");
  return {
    bodyEnd,
    issuers,
    date: dateAt >= 0 ? dateOf(tail[dateAt]) : null,
    contact: readContact(tail),
    cc: readCc(tail),
    appendedProposal: appendedAt < units.length && appended ? appended : null,
    appendedAt,
  };
}

/** A body and its date run together on one line: `某某县交通运输局2024年5月30日`. */
const NAME_THEN_DATE =
  /^(.{2,40}?)\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$/;
const SEAL = /\s*[（(](?:盖章|公章|印章|章|签章)[）)]$/;

/** A signing date that prints no day (`2024年5月`): it ends the body but gives no date. */
const MONTH_ONLY =
  /^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月$/;

/** True for a date line, even one that lost its day. */
function isDateLine(unit: TextUnit | undefined): boolean {
  return dateOf(unit) !== null || MONTH_ONLY.test(unit?.text ?? "");
}

function dateOf(unit: TextUnit | undefined): string | null {
  if (!unit) return null;
  const whole = parseDateLine(unit.text);
  if (whole) return whole;
  const last = unit.cells?.at(-1);
  if (last && parseDateLine(last)) return parseDateLine(last);
  const glued = NAME_THEN_DATE.exec(unit.text);
  return glued?.[1] && isOrganisation(unsealed(glued[1])) ? parseDateLine(glued[2] ?? "") : null;
}

function unsealed(name: string): string {
  return name.replace(SEAL, "");
}

/** Body names on a signature line: the whole line, or its wide-gap cells (a seal mark dropped). */
function signatureNames(unit: TextUnit): string[] {
  const joint = unit.cells ? organisationsOf(unit.cells.map(unsealed)) : [];
  if (joint.length > 0) return joint;
  const name = unsealed(unit.text);
  return isOrganisation(name) ? [name] : [];
}

function issuersBefore(tail: readonly TextUnit[], dateAt: number): string[] {
  const dateUnit = tail[dateAt];
  const glued = dateUnit && !dateUnit.cells ? NAME_THEN_DATE.exec(dateUnit.text)?.[1] : undefined;
  if (glued && isOrganisation(unsealed(glued))) return [unsealed(glued)];
  const onDateLine = dateUnit?.cells
    ? organisationsOf(dateUnit.cells.slice(0, -1).map(unsealed))
    : [];
  if (onDateLine.length > 0) return onDateLine;
  const names: string[] = [];
  for (let i = dateAt - 1; i >= 0 && names.length < 4; i--) {
    const found = signatureNames(tail[i] as TextUnit);
    if (found.length === 0) break;
    names.unshift(...found);
  }
  return names;
}

function lastSignature(tail: readonly TextUnit[]): string[] {
  for (let i = tail.length - 1; i >= 0; i--) {
    const found = signatureNames(tail[i] as TextUnit);
    if (found.length > 0) return found;
  }
  return [];
}

/** `label：value` segments of the closing units, split at wide gaps, semicolons and brackets. */
function segments(tail: readonly TextUnit[]): string[] {
  return tail.flatMap((u) => {
    const parts = u.cells && !BOTH_LABEL.test(unbracket(u.text)) ? u.cells : [u.text];
    return parts.flatMap((c) =>
      unbracket(c)
        .split(/[；;]|[，,](?=\s*(?:联系)?(?:电话|手机|地址|邮编|邮政编码|传真))/)
        .map((s) => s.trim()),
    );
  });
}

function unbracket(text: string): string {
  return text.replace(/^[（(]|[）)]$/g, "");
}

const NAME_LABEL = /^(?:联系人(?:姓名)?|承办人(?:姓名)?|经办人)\s*[：:]\s*(.+)$/;
const PHONE_LABEL = /^(?:联系电话|电话|联系方式)\s*[：:]\s*(.+)$/;
const BOTH_LABEL = /^(?:联系人|承办人|联系单位)(?:及|和)(?:联系)?电话\s*[：:]\s*(.+)$/;
const ADDRESS_LABEL = /^(?:联系地址|地址|承办单位地址|通讯地址)\s*[：:]\s*(.+)$/;
const POSTCODE_LABEL = /^(?:邮政编码|邮编)\s*[：:]\s*(.+)$/;

function readContact(tail: readonly TextUnit[]): ReplyContact | null {
  let name: string | null = null;
  let phone: string | null = null;
  let address: string | null = null;
  let postcode: string | null = null;
  for (const s of segments(tail)) {
    const both = BOTH_LABEL.exec(s)?.[1];
    if (both) {
      const m = /^(.*?)[\s，,、　]*((?:\d[\d\s-]{5,}\d))$/.exec(both.trim());
      name ??= (m?.[1] ?? both).replace(/[\s，,、　]+$/, "") || null;
      phone ??= m?.[2]?.replace(/\s+/g, "") ?? null;
      continue;
    }
    name ??= NAME_LABEL.exec(s)?.[1]?.trim() ?? null;
    phone ??= PHONE_LABEL.exec(s)?.[1]?.trim() ?? null;
    address ??= ADDRESS_LABEL.exec(s)?.[1]?.trim() ?? null;
    postcode ??= POSTCODE_LABEL.exec(s)?.[1]?.trim() ?? null;
  }
  const contact = { name, phone, address, postcode };
  return Object.values(contact).some((v) => v !== null) ? contact : null;
}

function readCc(tail: readonly TextUnit[]): string[] {
  const line = tail.map((u) => u.text).find((t) => /^抄送\s*[：:]/.test(t));
  if (!line) return [];
  return line
    .replace(/^抄送\s*[：:]/, "")
    .replace(/[。.]$/, "")
    .split(/[，,、；;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
