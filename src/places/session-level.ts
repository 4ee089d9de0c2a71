/**
 * The level of government a session belongs to, read from its text:
 * 县十八届人大三次会议 → county, 十四届全国人大一次会议 → national.
 * `city` is a 市 session (a prefecture city, a county-level city or a
 * municipality); `prefecture` is a 州, 盟 or 地区 session.
 */
export type SessionLevel = "national" | "province" | "prefecture" | "city" | "county" | "township";

const LEVEL_WORDS: readonly [RegExp, SessionLevel][] = [
  [/^(自治区|省)$/, "province"],
  [/^(自治州|州|盟|地区)$/, "prefecture"],
  [/^市$/, "city"],
  [/^(自治县|县|区|旗|自治旗|新区|林区|特区)$/, "county"],
  [/^(镇|乡|街道|苏木)$/, "township"],
];

/** A level word directly before the 届 number or the assembly's name. */
const LEVEL_BEFORE_ASSEMBLY =
  /(自治区|自治州|自治县|自治旗|新区|林区|特区|地区|街道|苏木|省|州|盟|市|县|区|旗|镇|乡)(?=第?[〇零一二三四五六七八九十百\d]+届|人民代表大会|人大|政协|人民政治协商会议|人代会)/;

/** The session's level, or null when the text names none. */
export function sessionLevel(session: string | null): SessionLevel | null {
  if (!session) return null;
  if (session.includes("全国")) return "national";
  const word = LEVEL_BEFORE_ASSEMBLY.exec(session)?.[1];
  if (!word) return null;
  return LEVEL_WORDS.find(([re]) => re.test(word))?.[1] ?? null;
}
