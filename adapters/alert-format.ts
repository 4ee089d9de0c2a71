import type { AlertItem, AlertMessage } from "../src/alerts/alert-types.ts";

/**
 * What every platform's alert shows, as plain (unescaped) text: the
 * headline, the lines of one item, and whether its source opens as a page.
 * Each renderer escapes these for its own markup.
 */

/** The source as an http(s) page address, or null (a file path, or nothing usable). */
export function pageAddress(source: string | null): string | null {
  if (!source || !/^https?:\/\//i.test(source.trim())) return null;
  try {
    const url = new URL(source.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A file source as its name only (never the server's folders); null for a page or nothing. */
export function sourceFileName(source: string | null): string | null {
  if (!source || pageAddress(source)) return null;
  const name = source.split(/[\\/]/).filter(Boolean).at(-1);
  return name?.trim() ? name : null;
}

/** The message's headline: new reply, revised reply, several, or the daily digest. */
export function alertHeadline(message: AlertMessage): string {
  const count = message.items.length;
  const revised = message.items.filter((i) => i.revised).length;
  if (message.dailyDigest) return `每日订阅摘要：${count} 份答复`;
  if (count === 1) return revised ? "订阅提醒：答复已更新" : "订阅提醒：新答复";
  const fresh = count - revised;
  const parts = [fresh > 0 ? `${fresh} 份新答复` : "", revised > 0 ? `${revised} 份已更新` : ""];
  return `订阅提醒：${parts.filter(Boolean).join("，")}`;
}

/** The reference line under the title: the label (文号, else issuer · title) unless it repeats the title. */
export function referenceLine(item: AlertItem): string | null {
  const label = item.label.trim();
  return label && label !== item.title.trim() ? label : null;
}

/** `地方 · 机关 · 日期`, the parts known. */
export function metaLine(item: AlertItem): string | null {
  const parts = [item.place, item.issuer, item.date].filter((p): p is string => !!p?.trim());
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** What changed in a revision, as one line (at most `max` notes), or null. */
export function changesLine(item: AlertItem, max = 5): string | null {
  if (!item.revised) return null;
  const notes = item.changes.filter((c) => c.trim()).slice(0, max);
  const more = item.changes.length > max ? `等 ${item.changes.length} 处` : "";
  return notes.length > 0 ? `已更新：${notes.join("；")}${more}` : "已更新";
}

/** The subscriptions an item matched: `#3 通山 交通；#5（全部）`. */
export function subscriptionsLine(item: AlertItem): string | null {
  if (item.subscriptions.length === 0) return null;
  const subs = item.subscriptions.map((s) => `#${s.id} ${s.filter.trim() || "（全部新答复）"}`);
  return `订阅：${subs.join("；")}`;
}
