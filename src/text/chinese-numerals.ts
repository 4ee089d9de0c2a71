/** Chinese numerals as they appear in dates, sessions and enumerations. */

const DIGITS: Record<string, number> = {
  〇: 0,
  "○": 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * Parses an Arabic or Chinese number below 10,000: `14`, `十四`, `二十一`,
 * `一百零五`, and digit-by-digit forms such as `二〇二三`. Returns null when
 * the text is not a number.
 */
export function parseChineseNumber(text: string): number | null {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 0 || ![...s].every((c) => c in DIGITS || "十百千".includes(c))) return null;
  if (!/[十百千]/.test(s)) {
    // Digit by digit: 二〇二三 → 2023.
    return Number([...s].map((c) => DIGITS[c]).join(""));
  }
  let total = 0;
  let digit = 0;
  for (const c of s) {
    const value = DIGITS[c];
    if (value !== undefined) {
      digit = value;
      continue;
    }
    const unit = c === "十" ? 10 : c === "百" ? 100 : 1000;
    total += (digit || 1) * unit;
    digit = 0;
  }
  return total + digit;
}

const DATE_PATTERN =
  /([12]\d{3}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日/;

/** Finds the first `YYYY年M月D日` date (Arabic or Chinese numerals) and returns it as ISO `YYYY-MM-DD`. */
export function findChineseDate(text: string): string | null {
  const m = DATE_PATTERN.exec(text);
  if (!m) return null;
  const year = parseChineseNumber(m[1] ?? "");
  const month = parseChineseNumber(m[2] ?? "");
  const day = parseChineseNumber(m[3] ?? "");
  if (year === null || month === null || day === null) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** True when the whole line is a date, e.g. a signature date `2024年6月5日`. */
export function isDateLine(line: string): boolean {
  const m = DATE_PATTERN.exec(line);
  return m !== null && m[0].length === line.trim().length;
}
