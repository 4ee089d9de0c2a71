import { halfWidthAlnum, toSimplified } from "../text/chinese-text.ts";

/**
 * 文号 (document numbers such as 沪科提复〔2023〕45号): parsing, the canonical
 * form, and the matching key that makes what people type comparable.
 */

/** The three parts of a 文号: issuer prefix, year and serial number. */
export interface DocNumberParts {
  readonly prefix: string;
  readonly year: number;
  readonly serial: number;
}

const OPEN = "〔\\[［【(（﹝{｛<《";
const CLOSE = "〕\\]］】)）﹞}｝>》";

/** A 文号 as written in a reply: prefix, bracketed year, serial, 号. */
const DOC_NUMBER_IN_TEXT = new RegExp(
  `([\\p{Script=Han}]{1,12})\\s*[${OPEN}]\\s*((?:19|20)\\d{2})\\s*[${CLOSE}]\\s*第?\\s*(\\d{1,5})\\s*[号號]`,
  "u",
);

/** A 文号 as people type it: any or no brackets, 年/第 optional, 号 optional. */
const DOC_NUMBER_TYPED = new RegExp(
  `^([\\p{Script=Han}]{1,12}?)\\s*[${OPEN}]?\\s*((?:19|20)\\d{2})\\s*年?\\s*[${CLOSE}]?\\s*[-—_/.、]?\\s*第?\\s*(\\d{1,5})\\s*号?$`,
  "u",
);

/**
 * Characters people use interchangeably when typing a 文号. After t→s
 * conversion 覆 stays 覆 (it is also a simplified character), yet in a 文号 it
 * always stands for 复 (答复).
 */
const VARIANT_FOLD: Record<string, string> = { 覆: "复", 複: "复", 復: "复" };

/** Canonical display form: `沪科提复〔2023〕45号` (no leading zeros in the serial, as GB/T 9704 writes it). */
export function formatDocNumber(parts: DocNumberParts): string {
  return `${parts.prefix}〔${parts.year}〕${parts.serial}号`;
}

/** Finds the first 文号 written in `text` (a line of a reply). */
export function findDocNumber(text: string): DocNumberParts | null {
  const m = DOC_NUMBER_IN_TEXT.exec(halfWidthAlnum(text));
  if (!m) return null;
  return { prefix: m[1] ?? "", year: Number(m[2]), serial: Number(m[3]) };
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

/** Parses a typed 文号 (`沪科提复 2022 8`, `滬科提覆〔2024〕38號`, `杨府(2023)6`). Null when it is not one. */
export function parseTypedDocNumber(text: string): DocNumberParts | null {
  const m = DOC_NUMBER_TYPED.exec(normalizeReference(text));
  if (!m) return null;
  return { prefix: m[1] ?? "", year: Number(m[2]), serial: Number(m[3]) };
}
