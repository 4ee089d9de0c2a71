import type { TextUnit } from "../text-units.ts";

/**
 * Pass 1: page furniture out. Breadcrumbs (首页 > 政务公开 > … > 正文),
 * [打印本页] [关闭窗口], 上一篇/下一篇 links (their titles and numbers belong to
 * other replies), "今天是…", font-size and share widgets, site footers and
 * leftover editor comments (`<!--EndFragment-->`). A page flattened into one
 * line is split back into blocks first.
 */

/** What the furniture pass removed, kept so later passes can tell. */
export interface FurnitureFound {
  /** How many units were dropped as furniture. */
  readonly dropped: number;
  /** True when the text was one flattened line split back into blocks. */
  readonly unflattened: boolean;
}

const EDITOR_COMMENT = /<!--\s*(?:Start|End)?Fragment\s*-->|<!--[^<>]{0,200}?-->/gi;
const BREADCRUMB =
  /^(?:(?:当前位置|您现在的位置|您的位置|现在位置|所在位置|位置)[：:]|首页\s*(?:[>»›＞→]|&gt;))/;
const CRUMB_SEPARATORS = /[>»›＞→]/g;
const PREV_NEXT = /^(?:[【[]?\s*)?(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[】\]]?\s*[：:]?/;
const TODAY = /^今天是/;
const WIDGET =
  /[【[]\s*(?:打印本页|打印|关闭窗口|关闭|返回顶部|收藏本页|加入收藏|分享)\s*[】\]]|[【[]?\s*字体[：:]\s*[【[]?\s*大\s*中\s*小\s*[】\]]?\s*[】\]]?|[【[]?\s*字号[：:]\s*大\s*中\s*小\s*[】\]]?/g;
const WIDGET_LINE =
  /^(?:打印本页|关闭窗口|打印|关闭|返回顶部|分享到[：:]?.*|扫一扫在手机(?:上)?打开当前页|浏览次数[：:].*|【?\s*字体[：:].*)$/;
/** A space between two blocks of a flattened page: Chinese text on both sides. */
const BLOCK_GAP = /[\p{Script=Han}：。）)\]】][ \t\u00a0\u3000]+[\p{Script=Han}（([【]/gu;
const FOOTER =
  /版权所有|ICP备|ICP证|网站标识码|公网安备|网站地图|技术支持[：:]|建议使用.{0,20}浏览器|分辨率|主办单位[：:]|主办[：:].{0,30}承办[：:]/;

/** Removes editor comments left in text (HTML pages lose them with the markup). */
export function stripEditorComments(text: string): string {
  return text.replace(EDITOR_COMMENT, "");
}

/**
 * A page flattened into one long line: split it back into blocks at the
 * gaps the flattening left (a space between blocks; spaces next to digits,
 * as in `第 4286 号`, are kept).
 */
export function unflatten(text: string): { text: string; unflattened: boolean } {
  const lines = text.split("\n").filter((l) => l.trim().length > 0);
  const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
  // One to three lines holding a whole page; or a few lines, one of them a page's worth.
  if (lines.length > 6 || (lines.length > 3 && longest < 300)) return { text, unflattened: false };
  // A flattened page has a few dozen to a few hundred blocks; thousands of gaps are no page.
  const gaps = text.match(BLOCK_GAP)?.length ?? 0;
  if (gaps < 4 || gaps > MAX_BLOCKS) return { text, unflattened: false };
  const split = text
    .split("\n")
    .map((line) =>
      line.length < 80
        ? line
        : line
            .replace(/\s*[>»›＞]\s*/g, ">")
            .replace(/[ \t\u00a0\u3000]{2,}/g, "\n")
            .replace(/[ \t\u00a0\u3000](?=(?:19|20)\d{2}\s*年)|(?<=\d日)[ \t\u00a0\u3000]/g, "\n")
            .replace(SINGLE_GAP, (gap, at: number, all: string) =>
              keepsTogether(all[at - 1] ?? "", all[at + gap.length] ?? "") ? gap : "\n",
            )
            .replace(/(?=(?:上一篇|下一篇|\[打印本页\]|\[关闭窗口\]))/g, "\n"),
    )
    .join("\n");
  return { text: split, unflattened: true };
}

const MAX_BLOCKS = 3000;
const SINGLE_GAP = /[ \t\u00a0\u3000]/g;
const UNIT_AFTER_NUMBER = /[号年月日件个万亿元名人次条座项所家辆台户%％.]/;

/** A space that typesetting put inside a phrase (`第 4286 号`, `2023 年`, `MBA MPA`), not between blocks. */
function keepsTogether(left: string, right: string): boolean {
  if (/\d/.test(left)) return /[\dA-Za-z]/.test(right) || UNIT_AFTER_NUMBER.test(right);
  if (/[第约共达为近超]/.test(left)) return /\d/.test(right);
  return /[A-Za-z]/.test(left) && /[A-Za-z\d]/.test(right);
}

/** Drops furniture units; widgets inside an otherwise useful line are cut out of it. */
export function removeFurniture(units: readonly TextUnit[]): {
  units: TextUnit[];
  found: Omit<FurnitureFound, "unflattened">;
} {
  const kept: TextUnit[] = [];
  let dropped = 0;
  for (const unit of units) {
    const text = unit.text.replace(WIDGET, "").trim();
    if (isFurniture(text)) {
      dropped++;
      continue;
    }
    kept.push(text === unit.text ? unit : { ...unit, text, cells: undefined });
  }
  return { units: kept, found: { dropped } };
}

function isFurniture(text: string): boolean {
  if (text.length === 0 || /^[|｜\s:：\-—]*$/.test(text)) return true;
  if (BREADCRUMB.test(text) || PREV_NEXT.test(text) || TODAY.test(text)) return true;
  if (WIDGET_LINE.test(text)) return true;
  if (text.length <= 160 && FOOTER.test(text)) return true;
  const separators = text.match(CRUMB_SEPARATORS)?.length ?? 0;
  return separators >= 2 && text.length <= 80 && !/[。，；]/.test(text);
}
