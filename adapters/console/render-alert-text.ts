import type { AlertItem, AlertMessage } from "../../src/alerts/alert-types.ts";
import { stripControlCharacters } from "../../src/text/control-characters.ts";
import {
  alertHeadline,
  changesLine,
  metaLine,
  pageAddress,
  referenceLine,
  sourceFileName,
  subscriptionsLine,
} from "../alert-format.ts";

/** Longest excerpt shown in plain text. */
const EXCERPT_LIMIT = 600;

/** Flattens document text to one line, escape sequences and controls dropped. */
const clean = (text: string, max = 300): string => {
  const flat = stripControlCharacters(text).replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join("")}…`;
};

/**
 * Renders an alert as plain text (the console, and Feishu's rich-text
 * fallback): the headline, then per reply its title, 文号, place · issuer ·
 * date, 办理结果, what changed, the matched section with its excerpt, and
 * where to open it. No control character or escape sequence survives.
 */
export function renderAlertText(message: AlertMessage): string {
  const single = message.items.length === 1;
  const blocks = message.items.map((item, i) => itemLines(item, single ? 0 : i + 1).join("\n"));
  return [`【${alertHeadline(message)}】`, ...blocks].join("\n\n");
}

function itemLines(item: AlertItem, n: number): string[] {
  const reference = referenceLine(item);
  const meta = metaLine(item);
  const changes = changesLine(item);
  const url = pageAddress(item.source);
  const file = sourceFileName(item.source);
  const subs = subscriptionsLine(item);
  const lines = [
    `${n > 0 ? `${n}. ` : ""}${clean(item.title || item.label)}`,
    reference ? clean(reference) : "",
    meta ? clean(meta) : "",
    item.result ? `办理结果：${clean(item.result)}` : "",
    changes ? clean(changes, 600) : "",
    item.section ? `匹配章节：${clean(item.section)}` : "",
    item.excerpt?.trim() ? `  “${clean(item.excerpt, EXCERPT_LIMIT)}”` : "",
    url ? `打开答复：${clean(url, 2000)}` : file ? `文件：${clean(file)}` : "",
    subs ? clean(subs) : "",
  ];
  return lines.filter(Boolean);
}
