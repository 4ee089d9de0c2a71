import { findChineseDate, parseChineseNumber } from "./chinese-numerals.ts";

/**
 * Dates written on a line of their own (a signature date), including the
 * damaged forms web-to-text conversion leaves: `2023年619` (月/日 lost),
 * `2023927` (年 and 月 lost), `20235月18日` (年 lost). A damaged date is
 * accepted only when exactly one reading gives a real calendar date.
 */

const WHOLE_LINE =
  /^[（(]?\s*([12]\d{3}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[）)]?$/;
const DAMAGED = /^((?:19|20)\d{2})年?(\d{1,2})?月?(\d{1,2})?日?$/;
const DIGITS_ONLY = /^((?:19|20)\d{2})(\d{2,4})$/;
const ISO = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;

/** True when `line` is a whole-line date, intact (Arabic or Chinese numerals). */
export function isWholeDateLine(line: string): boolean {
  return WHOLE_LINE.test(line.trim());
}

/** ISO date of a whole-line date, damaged forms included; null when the line is no date. */
export function parseDateLine(line: string): string | null {
  const t = line.trim().replace(/\s+/g, "");
  const whole = WHOLE_LINE.exec(t);
  if (whole) {
    const iso = findChineseDate(whole[0].replace(/^[（(]|[）)]$/g, ""));
    const [y, m, d] = (iso ?? "").split("-").map(Number);
    return iso ? isoDate(y ?? 0, m ?? 0, d ?? 0) : null;
  }
  return parseDamagedDate(t);
}

/** `2023年619` → 2023-06-19; `2023927` → 2023-09-27; `20235月18日` → 2023-05-18. */
export function parseDamagedDate(text: string): string | null {
  const digits = DIGITS_ONLY.exec(text);
  if (digits) return uniqueReading(Number(digits[1]), digits[2] ?? "");
  const m = DAMAGED.exec(text);
  if (!m || (!text.includes("年") && !text.includes("月"))) return null;
  const year = Number(m[1]);
  if (m[2] && m[3] && text.includes("月")) return isoDate(year, Number(m[2]), Number(m[3]));
  const rest = `${m[2] ?? ""}${m[3] ?? ""}`;
  return rest.length >= 2 ? uniqueReading(year, rest) : null;
}

/** The one month/day split of `rest` that is a real date, else null (ambiguous or none). */
function uniqueReading(year: number, rest: string): string | null {
  const readings: string[] = [];
  for (let cut = 1; cut < rest.length; cut++) {
    const month = rest.slice(0, cut);
    const day = rest.slice(cut);
    if (month.length > 2 || day.length > 2) continue;
    const iso = isoDate(year, Number(month), Number(day));
    if (iso) readings.push(iso);
  }
  return readings.length === 1 ? (readings[0] ?? null) : null;
}

/** A real calendar date as ISO text, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The first date in free text, written `2024-06-20`, `2024/6/20`, `2024.6.20` or `2024年6月20日`. */
export function findAnyDate(text: string): string | null {
  const chinese = findChineseDate(text);
  if (chinese) return chinese;
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day] = [m[1], m[2], m[3]].map((s) => parseChineseNumber(s ?? "") ?? 0);
  return isoDate(year ?? 0, month ?? 0, day ?? 0);
}
