import type { SettingsView, SubscriptionReply, SubscriptionView } from "./reply-model.ts";
import { clock } from "./settings-command.ts";

/**
 * The words of the subscription replies, shared by every renderer: each
 * renderer escapes these plain lines for its surface (text, Telegram HTML,
 * Feishu markdown) and adds its own buttons.
 */

type Reply<K extends SubscriptionReply["kind"]> = Extract<SubscriptionReply, { kind: K }>;

/** Label of the button that shows the newest replies matching a new subscription. */
export const RECENT_BUTTON = "查看最近匹配的答复";
/** Label of the button that subscribes the chat to an answer's question or a reply card. */
export const SUBSCRIBE_BUTTON = "🔔 订阅";

/** A title for each subscription reply kind. */
export function subscriptionTitle(reply: SubscriptionReply): string {
  switch (reply.kind) {
    case "subscribed":
      return reply.created ? "已订阅" : "已经订阅过了";
    case "subscriptions":
      return "本会话的订阅";
    case "unsubscribed":
      return reply.removed.length > 0 ? "已取消订阅" : "没有取消任何订阅";
    case "settings":
      return reply.changed ? "提醒设置已更新" : "提醒设置";
    case "refused":
      return "无法操作";
    case "usage":
      return "用法";
  }
}

/** One subscription: `#3 关键词「养老」 · 地区：通山县（写作“养老 通山”，2026-11-22 订阅）`. */
export function subscriptionLine(s: SubscriptionView): string {
  const paused = s.status === "paused" ? "（已暂停：机器人不在群里）" : "";
  const topic = s.threadId ? " · 发到话题" : "";
  const typed = s.filterText ? `写作“${s.filterText}”，` : "";
  return `#${s.id} ${s.description}${topic}（${typed}${s.created} 订阅）${paused}`;
}

/** Lines of a `subscribed` reply (without the recent list, which each renderer lists). */
export function subscribedLines(reply: Reply<"subscribed">): string[] {
  const s = reply.subscription;
  const head = reply.created
    ? `已订阅 #${s.id}：${s.description}`
    : `本会话已经订阅过相同的条件（#${s.id}：${s.description}），没有重复添加。`;
  const lines = [head];
  if (s.filterText && reply.created) lines.push(`您写的是：${s.filterText}`);
  if (s.threadId) lines.push("提醒会发到这个话题。");
  lines.push("有符合条件的新答复或答复更新时，我会在这里提醒。");
  lines.push(`取消：/unsubscribe ${s.id}　查看全部：/subscriptions　提醒方式：/settings`);
  if (reply.recent !== null && reply.recent.length === 0) lines.push("目前还没有符合条件的答复。");
  if (reply.recent !== null && reply.recent.length > 0) lines.push("最近符合条件的答复：");
  return lines;
}

/** Lines of a `subscriptions` reply: each subscription, then the settings. */
export function subscriptionsLines(reply: Reply<"subscriptions">): string[] {
  const items =
    reply.items.length > 0
      ? reply.items.map(subscriptionLine)
      : ["本会话还没有订阅。发送 /subscribe 关键词 订阅，例如 /subscribe 养老 2024"];
  return [
    ...items,
    "",
    ...settingsLines(reply.settings),
    "",
    "取消订阅：/unsubscribe 编号 或 /unsubscribe all",
  ];
}

/** Lines of an `unsubscribed` reply. */
export function unsubscribedLines(reply: Reply<"unsubscribed">): string[] {
  if (reply.removed.length === 0)
    return reply.target === "all"
      ? ["本会话没有订阅，无需取消。"]
      : [`没有找到编号为 ${reply.target} 的订阅。发送 /subscriptions 查看本会话的订阅及编号。`];
  return [
    `已取消 ${reply.removed.length} 个订阅：`,
    ...reply.removed.map(subscriptionLine),
    "尚未发出的相关提醒也不会再发。",
    ...notFound(reply),
  ];
}

/** Ids asked for that the chat has no subscription under (`/unsubscribe 1 999`: 999). */
function notFound(reply: Reply<"unsubscribed">): string[] {
  if (reply.target === "all") return [];
  const removed = new Set(reply.removed.map((s) => s.id));
  const missing = [...new Set(idsIn(reply.target) ?? [])].filter((id) => !removed.has(id));
  return missing.length > 0 ? [`没有找到编号为 ${missing.join("、")} 的订阅。`] : [];
}

/** `3`, `#3`, `3 5`, `3,5` → ids (what `/unsubscribe` takes); null when the text is not a list of ids. */
export function idsIn(text: string): number[] | null {
  const parts = text
    .normalize("NFKC")
    .split(/[\s,，、]+/)
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 20) return null;
  const ids = parts.map((p) => /^#?(\d{1,12})$/.exec(p)?.[1]);
  return ids.every((id) => id !== undefined) ? ids.map(Number) : null;
}

/** The settings, one line each. */
export function settingsLines(s: SettingsView): string[] {
  const hour = `${String(s.digestHour).padStart(2, "0")}:00`;
  const delivery =
    s.delivery === "digest" ? `提醒方式：每日汇总（每天 ${hour}）` : "提醒方式：即时提醒";
  const quiet =
    s.quietStart !== null && s.quietEnd !== null
      ? `免打扰：${clock(s.quietStart)}–${clock(s.quietEnd)}（期间的提醒推迟到结束时）`
      : "免打扰：无";
  return [delivery, quiet, `静音发送：${s.silent ? "开" : "关"}`, `时区：${s.timeZone}`];
}

/** Lines of a `settings` reply. */
export function settingsReplyLines(reply: Reply<"settings">): string[] {
  const head = reply.changed ? [`已${reply.changed}。`, ""] : [];
  return [
    ...head,
    ...settingsLines(reply.settings),
    "",
    `修改：${settingsChanges(reply.settings).join(" | ")}`,
  ];
}

/** The changes worth suggesting from the current settings (not the one already in force). */
function settingsChanges(s: SettingsView): string[] {
  return [
    s.delivery === "digest" ? "/settings instant" : "/settings digest 8",
    "/settings quiet 22-7",
    ...(s.quietStart !== null ? ["/settings quiet off"] : []),
    s.silent ? "/settings silent off" : "/settings silent on",
  ];
}

/** Lines of a `usage` reply: the problem, then each form with its meaning. */
export function usageLines(reply: Reply<"usage">): string[] {
  return [reply.problem, "可以这样写：", ...reply.forms.map((f) => `${f.example} — ${f.meaning}`)];
}

/** The plain lines of any subscription reply (text surfaces). */
export function subscriptionReplyLines(reply: SubscriptionReply): string[] {
  switch (reply.kind) {
    case "subscribed":
      return subscribedLines(reply);
    case "subscriptions":
      return subscriptionsLines(reply);
    case "unsubscribed":
      return unsubscribedLines(reply);
    case "settings":
      return settingsReplyLines(reply);
    case "refused":
      return [reply.message];
    case "usage":
      return usageLines(reply);
  }
}

/** True for the reply kinds of subscriptions. */
export function isSubscriptionReply(reply: { kind: string }): reply is SubscriptionReply {
  return ["subscribed", "subscriptions", "unsubscribed", "settings", "refused", "usage"].includes(
    reply.kind,
  );
}
