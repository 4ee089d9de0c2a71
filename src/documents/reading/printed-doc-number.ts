import { halfWidthAlnum } from "../../text/chinese-text.ts";

/**
 * 文号 as printed in a reply: an issuer code, a bracketed year in any of the
 * brackets seen (〔〕 【】 () （） [] ［］ ﹝﹞), a serial with an optional
 * sub-number (`30-17号`) and 号. The printed form is kept (spaces removed),
 * e.g. `松交(2024)31号`, `鄞卫函【2024】88号`, `白政发〔2022〕18-5号`.
 */

/** A 文号 found in a line: its printed form and where it sits. */
export interface PrintedDocNumber {
  readonly printed: string;
  readonly start: number;
  readonly end: number;
}

const PRINTED =
  /([\p{Script=Han}]{1,12})\s*([〔[［【(（﹝])\s*((?:19|20)\d{2})\s*([〕\]］】)）﹞])\s*(第?)\s*(\d{1,5}(?:\s*[-－—]\s*\d{1,4})?)\s*[号號]/u;

/** The first 文号 in `text`; a letterhead glued before it (`…文件`, `…关于`) is not part of the code. */
export function findPrintedDocNumber(text: string): PrintedDocNumber | null {
  const t = halfWidthAlnum(text);
  const m = PRINTED.exec(t);
  if (!m) return null;
  let prefix = m[1] ?? "";
  const cut = Math.max(prefix.lastIndexOf("文件"), prefix.lastIndexOf("关于"));
  if (cut >= 0) prefix = prefix.slice(cut + 2);
  if (prefix.length === 0) return null;
  const serial = (m[6] ?? "").replace(/\s+/g, "").replace(/[－—]/g, "-");
  const printed = `${prefix}${m[2]}${m[3]}${m[4]}${m[5]}${serial}号`;
  const start = m.index + (m[1]?.length ?? 0) - prefix.length;
  return { printed, start, end: m.index + m[0].length };
}
