import { halfWidthAlnum, toSimplified } from "../text/chinese-text.ts";

/**
 * 文号 (document numbers such as 沪科提复〔2023〕45号): parsing, the canonical
 * form, and the matching key that makes what people type comparable.
 */

/** The parts of a 文号: issuer prefix, year, serial number and an optional sub-number (18-5号). */
export interface DocNumberParts {
  /** Empty when only the year and serial were typed (`〔2023〕41号`). */
  readonly prefix: string;
  readonly year: number;
  readonly serial: number;
  /** The `5` of `18-5号`; absent or null for a plain serial. */
  readonly sub?: number | null;
}

const OPEN = "〔\\[［【(（﹝{｛<《";
const CLOSE = "〕\\]］】)）﹞}｝>》";
const SERIAL = "(\\d{1,5})(?:\\s*[-—－‐]\\s*(\\d{1,4}))?";

/** A 文号 as written in a reply: prefix, bracketed year, serial, 号. */
const DOC_NUMBER_IN_TEXT = new RegExp(
  `([\\p{Script=Han}]{1,12})\\s*[${OPEN}]\\s*((?:19|20)\\d{2})\\s*[${CLOSE}]\\s*第?\\s*${SERIAL}\\s*[号號]`,
  "u",
);

/** A 文号 as people type it: any or no brackets, 年/第 optional, 号 optional. */
const DOC_NUMBER_TYPED = new RegExp(
  `^([\\p{Script=Han}]{1,12}?)\\s*[${OPEN}]?\\s*((?:19|20)\\d{2})\\s*年?\\s*[${CLOSE}]?\\s*[-—_/.、]?\\s*第?\\s*${SERIAL}\\s*号?$`,
  "u",
);

/** Year and serial without a prefix; the brackets are required so `2023 41` stays a question. */
const DOC_NUMBER_NO_PREFIX = new RegExp(
  `^[${OPEN}]\\s*((?:19|20)\\d{2})\\s*[${CLOSE}]\\s*第?\\s*${SERIAL}\\s*号?$`,
  "u",
);

/**
 * Characters people use interchangeably when typing a 文号. After t→s
 * conversion 覆 stays 覆 (it is also a simplified character), yet in a 文号 it
 * always stands for 复 (答复).
 */
const VARIANT_FOLD: Record<string, string> = { 覆: "复", 複: "复", 復: "复" };

/** Canonical display form: `沪科提复〔2023〕45号`, `白政发〔2022〕18-5号` (no leading zeros, as GB/T 9704 writes it). */
export function formatDocNumber(parts: DocNumberParts): string {
  return `${parts.prefix}〔${parts.year}〕${docSerialKey(parts)}号`;
}

/** The serial as stored and compared: `45`, or `18-5` with a sub-number. */
export function docSerialKey(parts: Pick<DocNumberParts, "serial" | "sub">): string {
  return parts.sub == null ? String(parts.serial) : `${parts.serial}-${parts.sub}`;
}

function toParts(prefix: string, m: RegExpExecArray, at: number): DocNumberParts {
  const sub = m[at + 2];
  return {
    prefix,
    year: Number(m[at]),
    serial: Number(m[at + 1]),
    ...(sub === undefined ? {} : { sub: Number(sub) }),
  };
}

/** Finds the first 文号 written in `text` (a line of a reply). */
export function findDocNumber(text: string): DocNumberParts | null {
  const m = DOC_NUMBER_IN_TEXT.exec(halfWidthAlnum(text));
  return m ? toParts(m[1] ?? "", m, 2) : null;
}

/**
 * Normalises typed reference text: full-width forms to ASCII (NFKC), traditional
 * to simplified, variant characters folded, spaces removed.
 */
export function normalizeReference(text: string): string {
  const nfkc = toSimplified(text.normalize("NFKC"));
  return [...nfkc]
    .map((c) => VARIANT_FOLD[c] ?? c)
    .join("")
    .replace(/\s+/g, "");
}

/** The key under which a 文号 prefix is stored and matched. */
export function prefixKey(prefix: string): string {
  return normalizeReference(prefix);
}

/**
 * The identity of a 文号 whatever its spelling: `武住建函[2024]37号` and
 * `武住建函〔2024〕037号` give the same key; `浏水字〔2023〕41号` and
 * `浏交字〔2023〕41号` do not.
 */
export function docNumberKey(docNumber: string): string {
  const parts = findDocNumber(normalizeReference(docNumber));
  return parts
    ? formatDocNumber({ ...parts, prefix: prefixKey(parts.prefix) })
    : normalizeReference(docNumber);
}

/** A result class printed after a 文号 (`A类`, `(B类)`, `类别:C`, `[D类]`): not part of it. */
const CLASS_MARK_AFTER = /(?<=号|\d)[([【]?(?:类别[:：]?)?[A-D][1-9]?类?[)\]】]?$/u;

/**
 * Parses a typed 文号 (`沪科提复 2022 8`, `滬科提覆〔2024〕38號`, `杨府(2023)6`,
 * or `〔2023〕41号` without its prefix, which gives an empty `prefix`); a class
 * mark after it (`A类`, `(B类)`) is ignored. Null when it is not one.
 */
export function parseTypedDocNumber(text: string): DocNumberParts | null {
  const s = normalizeReference(text).replace(CLASS_MARK_AFTER, "");
  const m = DOC_NUMBER_TYPED.exec(s);
  if (m) return toParts(m[1] ?? "", m, 2);
  const bare = DOC_NUMBER_NO_PREFIX.exec(s);
  return bare ? toParts("", bare, 1) : null;
}
