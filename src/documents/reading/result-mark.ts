import type { ResultCategory } from "../reply.ts";

/**
 * 办理结果 markings (A/B/C/D): `类别:A类`, `（B类）` after the 文号, a bare `C`
 * line, `B1类`, `办理结果：B类`, Shanghai's `办理结果：解决采纳`, and
 * `办理类别：A（已解决或基本解决）`.
 */

/** A marking: the category and the text exactly as printed. */
export interface ResultMark {
  readonly category: ResultCategory;
  readonly label: string;
}

/** Shanghai's 办理结果 words and the category each means. */
const RESULT_WORDS: readonly [RegExp, ResultCategory][] = [
  [/^(?:解决采纳|已解决|基本解决|已经解决|采纳)/, "A"],
  [/^(?:正在解决|部分解决|列入规划解决)/, "B"],
  [/^(?:列入计划|计划解决|待以后解决|暂不能解决|因条件限制)/, "C"],
  [/^(?:留作参考|参考)/, "D"],
];

const LABELLED = /^(?:办理|答复)?(?:结果|类别|分类)(?:类别)?\s*[：:]\s*(.{1,20})$/;
const CLASS = /^[（(]?([A-D])[1-9]?类?[）)]?(?:[（(][^）)]{0,16}[）)])?$/;
const TRAILING_CLASS = /([（(]?[A-D][1-9]?类[）)]?)/;

/** The marking of a whole line (`类别:A类`, `C`, `办理结果：正在解决`); null when the line is none. */
export function readResultLine(line: string): ResultMark | null {
  const t = line.trim();
  const labelled = LABELLED.exec(t);
  if (labelled) {
    const category = categoryOf(labelled[1] ?? "");
    return category ? { category, label: t } : null;
  }
  const bare = CLASS.exec(t);
  if (bare && (t.length === 1 || /类|[（(]/.test(t))) {
    return { category: bare[1] as ResultCategory, label: t };
  }
  return null;
}

/** A class glued after a 文号 or set apart on its line (`…号A类`, `…号（B类）`, `…号 B1类`). */
export function readTrailingClass(rest: string): ResultMark | null {
  const m = TRAILING_CLASS.exec(rest.slice(0, 12));
  if (!m?.[1]) return null;
  return { category: (/[A-D]/.exec(m[1])?.[0] ?? "A") as ResultCategory, label: m[1] };
}

/** Category of a printed value: `A类`, `B1类`, `A（已解决或基本解决）`, `正在解决`. */
export function categoryOf(value: string): ResultCategory | null {
  const v = value.trim();
  const letter = /^([A-D])(?:[1-9]|类|[（(]|$)/.exec(v);
  if (letter) return letter[1] as ResultCategory;
  for (const [pattern, category] of RESULT_WORDS) if (pattern.test(v)) return category;
  return null;
}
