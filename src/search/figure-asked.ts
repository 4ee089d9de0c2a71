import { DATE, DURATION, figureIn, TIME_OF_DAY } from "./excerpt-text.ts";

/**
 * The figure a question asks for: its unit (多少家 → 家, 几点 → a time of
 * day) and what it must say beyond its unit. A question
 * asking a rate per period (一年要交多少钱) is answered by 每年120元, not by the
 * 每次15元 of the same sentence; one asking a time in the evening (晚上几点)
 * by 21:00, not 9:00; one asking what a value was changed to (推迟到几点,
 * 提高到多少) by the figure after the change (由20:00推迟至22:00 → 22:00),
 * not by the old value stated elsewhere.
 */

/** A part of the day a question can ask a time in. */
export type PartOfDay = "morning" | "noon" | "afternoon" | "evening";

/** Qualifiers of the figure asked; see {@link figureQualifiersOf}. */
export interface FigureQualifiers {
  /** The period of a rate asked (一年多少钱 → 年), or null. */
  readonly per: string | null;
  /** The part of the day a time is asked in (晚上几点 → evening), or null. */
  readonly partOfDay: PartOfDay | null;
  /** True when the question asks the value something was changed to (推迟到几点, 调整为多少). */
  readonly changedTo: boolean;
  /** True when a span of time is asked (几点到几点, 什么时间段): 9:00至11:30. */
  readonly range: boolean;
}

/** No qualifier: any figure in the unit answers. */
export const NO_QUALIFIERS: FigureQualifiers = {
  per: null,
  partOfDay: null,
  changedTo: false,
  range: false,
};

/** Something that tells whether a text holds the figure asked (a RegExp is one). */
export interface FigureTest {
  test(text: string): boolean;
}

/** Periods a rate is asked per, and how a reply may write each (天: 每日, 元/天). */
const PERIODS: Readonly<Record<string, string>> = {
  月: "月",
  小时: "小时|时",
  钟头: "小时|时",
  天: "天|日",
  日: "天|日",
  年: "年",
  周: "周|星期",
  星期: "周|星期",
  晚: "晚|夜",
  次: "次",
};
const PERIOD_WORDS = Object.keys(PERIODS).join("|");
/**
 * 一年, 每天 (not 第一年, 近一年, 一次性, nor the end of a number: 2021年, 十一个月),
 * before or after 多少/几: 一年多少钱, 多少钱一天.
 */
const PERIOD_PHRASE = `(?<![第近这那同哪\\d〇零一二三四五六七八九十百千万两])[每一1]个?(${PERIOD_WORDS})(?!性)`;
const PER_BEFORE = new RegExp(`${PERIOD_PHRASE}(?=[^，。？?]{0,8}(?:多少|几))`);
const PER_AFTER = new RegExp(`(?<=(?:多少|几)[^，。？?]{0,4})${PERIOD_PHRASE}`);
const PARTS_OF_DAY: readonly [PartOfDay, RegExp][] = [
  ["evening", /晚上|晚间|夜间|夜里|夜晚|傍晚/],
  ["morning", /早上|早晨|清晨|上午|早间/],
  ["noon", /中午|午间/],
  ["afternoon", /下午|午后/],
];
/** Hours (0–23) each part of the day spans. */
const HOURS: Readonly<Record<PartOfDay, (hour: number) => boolean>> = {
  evening: (h) => h >= 18 || h <= 4,
  morning: (h) => h >= 5 && h <= 12,
  noon: (h) => h >= 11 && h <= 14,
  afternoon: (h) => h >= 12 && h <= 18,
};
/** Verbs of a change to a new value: 延长, 推迟, 提高, 调整, 改 … */
const CHANGE_VERB =
  "延长|延后|延迟|延|推迟|推后|提前|提高|提升|增加|增长|增|上调|下调|调整|调|降低|降|涨|减少|减|缩短|扩大|放宽|改|变";
/** The question asks what the value became: 推迟到几点, 调整为多少, 涨到多少钱. */
const CHANGE_ASKED = new RegExp(`(?:${CHANGE_VERB})(?:到|至|为|成)`);
/** Text just before a figure that makes it the value changed to: 由20:00推迟至|调整为|提高到每户. */
const CHANGED_BEFORE = new RegExp(
  `(?:${CHANGE_VERB})[^，。；]{0,8}?(?:到|至|为|成)[^，。；\\d]{0,4}$`,
);
/** 几点到几点, 几点至几点, 什么时间段, 哪个时段. */
const RANGE_ASKED = /几点[^，。？?]{0,4}(?:到|至)[^，。？?]{0,3}几点|时间段|时段/;
/** The link between the two times of a span, and a day or part of the day after it. */
const RANGE_LINK = "\\s*(?:至|到|-|－|~|～|—|–)\\s*(?:次日|第二天|晚上?|凌晨|上午|下午)?\\s*";
const RANGE_AFTER = new RegExp(`^${RANGE_LINK}\\d`);
const RANGE_BEFORE = new RegExp(`[\\d点时半]${RANGE_LINK}$`);
const CLAUSE_MARK = /[，。；！？,;!?\n]/;

/** The qualifiers of the figure a question (normalised text) asks for. */
export function figureQualifiersOf(question: string): FigureQualifiers {
  return {
    per: ratePeriod(question)?.per ?? null,
    partOfDay: PARTS_OF_DAY.find(([, words]) => words.test(question))?.[0] ?? null,
    changedTo: CHANGE_ASKED.test(question),
    range: RANGE_ASKED.test(question),
  };
}

/** The period a rate is asked per (一年多少钱 → 年) and the phrase naming it, or null. */
export function ratePeriod(question: string): { per: string; phrase: string } | null {
  const m = PER_BEFORE.exec(question) ?? PER_AFTER.exec(question);
  return m?.[1] ? { per: m[1], phrase: m[0] } : null;
}

/** True when any qualifier applies to a figure in `unit`. */
export function qualifies(unit: string, q: FigureQualifiers): boolean {
  return (
    q.changedTo ||
    (q.per !== null && unit !== TIME_OF_DAY) ||
    (q.partOfDay !== null && unit === TIME_OF_DAY) ||
    (q.range && unit === TIME_OF_DAY)
  );
}

/**
 * The test for the figure asked: a figure in `unit` (`plain`, see {@link figureIn})
 * that, within its clause, is given per the period asked, falls in the part
 * of the day asked, follows a change verb when the new value is asked, and
 * is one end of a span of times when a span is asked.
 * Without qualifiers that apply, `plain` itself.
 */
export function askedFigure(
  unit: string,
  q: FigureQualifiers = NO_QUALIFIERS,
  plain: RegExp = figureIn(unit),
): FigureTest {
  if (!qualifies(unit, q)) return plain;
  const every = new RegExp(plain.source, "g");
  const perMarker = q.per && unit !== TIME_OF_DAY ? perMarkerOf(q.per) : null;
  const partOfDay = unit === TIME_OF_DAY ? q.partOfDay : null;
  const range = q.range && unit === TIME_OF_DAY;
  return {
    test: (text) =>
      [...text.matchAll(every)].some((m) => {
        const start = clauseStart(text, m.index);
        const before = text.slice(start, m.index);
        if (perMarker && !perMarker.test(text.slice(start, clauseEnd(text, m.index)))) return false;
        if (q.changedTo && !CHANGED_BEFORE.test(before)) return false;
        // A time may end on the link it is read with (8点至): give the link back.
        const after = text.slice(m.index + m[0].length - (/[至到]$/.test(m[0]) ? 1 : 0));
        if (range && !RANGE_BEFORE.test(before) && !RANGE_AFTER.test(after)) return false;
        return !partOfDay || HOURS[partOfDay](hourOf(m[0], before));
      }),
  };
}

/** Where the clause holding offset `at` starts. */
function clauseStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && !CLAUSE_MARK.test(text[start - 1] ?? "")) start--;
  return start;
}

/** Where the clause holding offset `at` ends. */
function clauseEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && !CLAUSE_MARK.test(text[end] ?? "")) end++;
  return end;
}

/** The figure asked and any figure in its unit: the same test when no qualifier applies. */
export interface FigureTests {
  readonly asked: FigureTest;
  readonly unit: FigureTest;
}

/** The tests for the figure asked in `unit` and for any figure in it. */
export function figureTests(unit: string, q: FigureQualifiers = NO_QUALIFIERS): FigureTests {
  const plain = figureIn(unit);
  return { asked: askedFigure(unit, q, plain), unit: plain };
}

/** 每月, 按月, 200元/月, 月均, 一个月. */
function perMarkerOf(period: string): RegExp {
  const forms = PERIODS[period] ?? period;
  return new RegExp(`(?:每个?|按|/|一个?)(?:${forms})|(?:${forms})均`);
}

/** The hour of a time of day, on a 24-hour clock: 晚9点 → 21. */
function hourOf(time: string, before: string): number {
  const hour = Number.parseInt(time, 10);
  return hour < 12 && /(?:晚上?|夜间?|下午)[^\d]{0,2}$/.test(before) ? hour + 12 : hour;
}

/**
 * A measure word after 多少/几 (多少家企业, 几个基地) belongs to the question:
 * question analysis sets it apart from the noun, so no bigram such as 家企 is
 * searched. A unit of two characters (人次, 亿元) stays a term.
 */
const MEASURE_WORDS =
  "人次|亿元|万元|万人|家次|公里|平方米|万平方米|万亩|万吨|小时|分钟|个月|个工作日|[家个项名位所条件种批台次人元倍年天场期盏座辆户张株棵亩吨间套口处块根支辆栋层趟班]";
/** 多少/几 and the measure word after it, if any. */
export const QUANTITY_UNIT = new RegExp(`(有多少|多少|几)(${MEASURE_WORDS})?`, "g");
const RATE = /比例|占比|比重|百分之|[^效]率/;
/** Asks for a time of day (几点, 什么时间段): answered by 20:30, 8点. */
const ASKS_TIME = /几点|几时|什么时间段|什么时段|哪个时段|哪个时间段/;
/** Asks when (什么时候, 何时, 哪年): answered by a date, a month, 年底. */
const ASKS_DATE = /什么时候|啥时候|何时|哪天|哪一天|哪年|哪一年|几月|哪个月|什么时间/;
/** Asks how long (多久, 多长时间): answered by 70分钟, 15个工作日, or a date (年底前). */
const ASKS_DURATION = /多久|多长时间/;
/** Asks for a sum of money (多少钱, 补多少; not 给多少个, which counts). */
const ASKS_MONEY = new RegExp(
  `多少钱|多少资金|多少经费|多少费用|投资多少|[花补奖贴给拨]了?多少(?!${MEASURE_WORDS.replace(/亿元\|万元\|/, "")})`,
);

/**
 * What an answer's figure is measured in (question's normalised text): a
 * percentage for a rate or share, a time of day, a date, a length of time,
 * 元 for money, else the measure word after 多少/几.
 */
export function unitAskedFor(text: string): string | null {
  if (RATE.test(text)) return "%";
  if (ASKS_TIME.test(text)) return TIME_OF_DAY;
  if (ASKS_DATE.test(text)) return DATE;
  if (ASKS_DURATION.test(text)) return DURATION;
  if (ASKS_MONEY.test(text)) return "元";
  return [...text.matchAll(QUANTITY_UNIT)].find((m) => m[2])?.[2] ?? null;
}
