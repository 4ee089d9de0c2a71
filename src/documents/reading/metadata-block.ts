import type { TextUnit } from "../text-units.ts";

/**
 * Pass 2: the metadata block of a disclosure page (索引号, 信息分类, 发布机构,
 * 成文日期, 发布日期, 文号, 名称 …), whether it came as an HTML table (cells
 * joined by pipes), a markdown pipe table, `label: value` lines, bullets, or
 * one label per line with the value on the next. An empty value is kept as
 * "" (an empty 文号 field means the reply has none).
 */

/** Canonical label → value ("" when the page printed the label with no value). */
export type Metadata = ReadonlyMap<string, string>;

/** Labels as printed, mapped to the canonical label. */
const LABELS: Record<string, string> = {
  索引号: "索引号",
  信息索引号: "索引号",
  信息分类: "信息分类",
  主题分类: "主题分类",
  内容分类: "信息分类",
  体裁分类: "体裁分类",
  组配分类: "组配分类",
  发布机构: "发布机构",
  发文机关: "发布机构",
  发文机构: "发布机构",
  发布单位: "发布机构",
  所属机构: "发布机构",
  成文日期: "成文日期",
  生成日期: "成文日期",
  发文日期: "成文日期",
  发布日期: "发布日期",
  发布时间: "发布日期",
  公开日期: "发布日期",
  文号: "文号",
  发文字号: "文号",
  名称: "名称",
  标题: "名称",
  是否有效: "是否有效",
  有效性: "是否有效",
  时效: "是否有效",
  公开方式: "公开方式",
  公开范围: "公开范围",
  主题词: "主题词",
  关键词: "主题词",
  办理结果: "办理结果",
  办理类别: "办理结果",
  答复类别: "办理结果",
};

/** A `办理结果：B类` line is recorded but left for the head pass, which keeps its label as printed. */
const LEFT_IN_PLACE = "办理结果";

const LABEL_ALTERNATION = Object.keys(LABELS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const LABEL_ONLY = new RegExp(`^[•·\\-*]?\\s*(${LABEL_ALTERNATION})\\s*[：:]?$`);
const LABEL_START = new RegExp(`^[•·\\-*]?\\s*(${LABEL_ALTERNATION})\\s*[：:]`);
const LABEL_ANYWHERE = new RegExp(`(${LABEL_ALTERNATION})\\s*[：:]`, "g");

/** The metadata found and the units that remain once its lines are taken out. */
export interface MetadataPass {
  readonly metadata: Metadata;
  readonly units: TextUnit[];
}

/** Reads the metadata block; a single stray label is not a block and is left in place. */
export function readMetadata(units: readonly TextUnit[]): MetadataPass {
  const found = new Map<string, string>();
  const taken = new Set<number>();
  for (let i = 0; i < units.length; i++) {
    const text = units[i]?.text ?? "";
    if (/^[|｜\s:：\-—]+$/.test(text) && text.includes("|")) {
      taken.add(i);
      continue;
    }
    const pairs = text.includes("|") ? pipePairs(text) : labelledPairs(text);
    if (pairs.length > 0) {
      for (const [label, value] of pairs) if (!found.has(label)) found.set(label, value);
      const leftInPlace = !text.includes("|") && pairs.every(([label]) => label === LEFT_IN_PLACE);
      if (!leftInPlace) taken.add(i);
      continue;
    }
    const only = LABEL_ONLY.exec(text);
    if (!only?.[1]) continue;
    const next = units[i + 1]?.text ?? "";
    const label = LABELS[only[1]] ?? only[1];
    const nextIsValue =
      next.length > 0 && next.length <= 120 && !isLabelLine(next) && fits(label, next);
    if (!found.has(label)) found.set(label, nextIsValue ? next : "");
    taken.add(i);
    if (nextIsValue) taken.add(++i);
  }
  if (found.size < 2) return { metadata: new Map(), units: [...units] };
  return { metadata: found, units: units.filter((_, i) => !taken.has(i)) };
}

/**
 * Whether the line after a bare label can be its value: a 文号 has a bracketed
 * year or ends in 号, a date has digits or a Chinese year, and only 名称 takes
 * a title (an empty last label must not swallow the title under it).
 */
function fits(label: string, value: string): boolean {
  if (label === "文号")
    return /(?:19|20)\d{2}|号$/.test(value) && !/关于|答复|建议|提案/.test(value);
  if (/日期/.test(label)) return /\d|[〇○零一二三四五六七八九]{4}年/.test(value);
  if (label === "名称") return true;
  return !/^(?:关于|对)|[：:]$|答复$|复函$/.test(value);
}

function isLabelLine(text: string): boolean {
  return LABEL_ONLY.test(text) || LABEL_START.test(text) || pipePairs(text).length > 0;
}

/** `索引号|X|发布机构|Y` (a table row): label cells followed by their value cells. */
function pipePairs(text: string): [string, string][] {
  const cells = text
    .replace(/^\s*\||\|\s*$/g, "")
    .split("|")
    .map((c) => c.trim().replace(/[：:]$/, ""));
  const pairs: [string, string][] = [];
  for (let i = 0; i < cells.length; i++) {
    const label = LABELS[cells[i] ?? ""];
    if (!label) continue;
    const value = cells[i + 1] ?? "";
    const valueIsLabel = LABELS[value] !== undefined;
    pairs.push([label, valueIsLabel ? "" : value]);
    if (!valueIsLabel) i++;
  }
  return pairs;
}

/** `索引号：X`, or several pairs on one line `发布机构：Y 成文日期：Z`. */
function labelledPairs(text: string): [string, string][] {
  if (!LABEL_START.test(text)) return [];
  const hits = [...text.matchAll(LABEL_ANYWHERE)];
  return hits.map((m, k) => {
    const end = hits[k + 1]?.index ?? text.length;
    const value = text.slice((m.index ?? 0) + m[0].length, end).trim();
    return [LABELS[m[1] ?? ""] ?? "", value.replace(/[；;，,]$/, "")];
  });
}
