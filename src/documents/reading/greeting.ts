import type { TextUnit } from "../text-units.ts";
import { isOrganisation } from "./organisation.ts";

/**
 * Pass 4: the greeting (`X代表：`, `尊敬的X委员：`, `某市代表团：`, a lead
 * office `区文化旅游局：`, no colon, or glued to the body on one line) and the
 * acknowledgement that follows it (收悉, 答复如下, 函复如下, 会办意见函告如下 …).
 */

/** Where the greeting and the body start. */
export interface GreetingPass {
  /** The salutation without its colon; null when the reply starts at the body. */
  readonly greeting: string | null;
  /** Index of the greeting unit (or of the first body unit when there is none). */
  readonly at: number;
  /** Index of the first body unit. */
  readonly bodyStart: number;
  /** The first body unit's text when the greeting was glued to it. */
  readonly firstBodyText: string | null;
  /** True when the acknowledgement was found right after the greeting. */
  readonly acknowledged: boolean;
}

/** Wording that acknowledges a proposal or announces the answer. */
export const ACKNOWLEDGEMENT =
  /收悉|(?:建议|提案|议案|意见)[^。]{0,10}已?收到|收到[^。]{0,30}?(?:建议|提案|议案)|答复如下|函复如下|回复如下|意见(?:函告|答复|报告)?如下|情况(?:答复|函告|报告|说明)如下|现(?:将|就)?.{0,12}(?:答复|函复|回复)/;
const SALUTATION_END =
  /(?:代表|委员|代表们|委员们|代表团|代表组|同志|先生|女士|界别|界|联络组|小组|工作组|民盟|民建|民进|农工党|致公党|九三学社|台盟|民革)$/;
const NOT_A_GREETING =
  /^(?:联系|抄送|附件|主题词|签发|承办|索引号|办理|公开|类别|说明|备注|答复|关于|对|经研究|现|根据)/;
const GLUED = /^([^：:，。！？；“”《》]{2,40})[：:]\s*(?=\S)/;
/** A salutation run into the body with no colon at all: `张三代表您提出的…`. */
const GLUED_NO_COLON =
  /^((?:尊敬的)?[^：:，。！？；“”《》\s]{2,30}?(?:代表|委员|代表团|界别|联络组|同志))\s*(?=您|你们|你|贵)/;
const SEARCH_LIMIT = 80;

/** True when `text` (no colon) reads as a salutation to proposers or to a lead office. */
export function isSalutation(text: string): boolean {
  const t = text.replace(/[：:]$/, "").trim();
  if (t.length < 2 || t.length > 60 || NOT_A_GREETING.test(t) || /[。！？；]/.test(t)) return false;
  return /^尊敬的/.test(t) || SALUTATION_END.test(t) || isOrganisation(t) || isNameList(t);
}

function isNameList(t: string): boolean {
  return /^[\p{Script=Han}·]{2,4}(?:[、，,][\p{Script=Han}·]{2,4})+(?:等.{0,4})?$/u.test(t);
}

function acknowledges(text: string): boolean {
  return ACKNOWLEDGEMENT.test(text.slice(0, 300));
}

/** Finds the greeting and the start of the body; null when neither is there. */
export function findGreeting(units: readonly TextUnit[]): GreetingPass | null {
  const limit = Math.min(units.length, SEARCH_LIMIT);
  for (let i = 0; i < limit; i++) {
    const text = units[i]?.text ?? "";
    const glued = GLUED.exec(text) ?? GLUED_NO_COLON.exec(text);
    if (glued?.[1] && isSalutation(glued[1]) && acknowledges(text.slice(glued[0].length))) {
      const firstBodyText = text.slice(glued[0].length);
      return { greeting: glued[1].trim(), at: i, bodyStart: i, firstBodyText, acknowledged: true };
    }
    const colon = /[：:]$/.test(text) && text.length <= 60 && !NOT_A_GREETING.test(text);
    if (
      (colon || isSalutation(text)) &&
      !/[。，！？；]/.test(text) &&
      acknowledgedAfter(units, i)
    ) {
      const greeting = text.replace(/[：:]$/, "").trim();
      return { greeting, at: i, bodyStart: i + 1, firstBodyText: null, acknowledged: true };
    }
  }
  return acknowledgementWithoutGreeting(units, limit);
}

/** The paragraph after the greeting acknowledges the proposal, or the one after that does. */
function acknowledgedAfter(units: readonly TextUnit[], at: number): boolean {
  const next = units[at + 1]?.text ?? "";
  if (acknowledges(next)) return true;
  const second = units[at + 2]?.text ?? "";
  return next.length >= 15 && /[，。]/.test(next) && acknowledges(second);
}

/** A reply that starts at the body: the first unit that acknowledges the proposal. */
function acknowledgementWithoutGreeting(
  units: readonly TextUnit[],
  limit: number,
): GreetingPass | null {
  for (let i = 0; i < limit; i++) {
    const text = units[i]?.text ?? "";
    if (text.length >= 15 && /[，。]/.test(text) && acknowledges(text) && /收悉|如下/.test(text)) {
      return { greeting: null, at: i, bodyStart: i, firstBodyText: null, acknowledged: true };
    }
  }
  return null;
}

/** A greeting line with no acknowledgement after it (a title names the answer instead). */
export function findBareGreeting(units: readonly TextUnit[], from: number): GreetingPass | null {
  const limit = Math.min(units.length, from + 8);
  for (let i = from; i < limit; i++) {
    const text = units[i]?.text ?? "";
    if (/[：:]$/.test(text) && isSalutation(text)) {
      return {
        greeting: text.replace(/[：:]$/, ""),
        at: i,
        bodyStart: i + 1,
        firstBodyText: null,
        acknowledged: false,
      };
    }
  }
  return null;
}
