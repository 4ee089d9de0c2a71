import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";

/** One menu: the scope it applies to and its commands in Chinese and English. */
interface Menu {
  readonly scope: BotCommandScope;
  readonly commands: readonly { command: string; zh: string; en: string }[];
}

const ASK = { command: "ask", zh: "提问，例如 /ask 问题", en: "Ask a question" };
const DOC = { command: "doc", zh: "按文号或编号查答复", en: "Look up a reply by its number" };
const LATEST = { command: "latest", zh: "最新答复", en: "Latest replies" };
const HELP = { command: "help", zh: "使用说明", en: "How to use this bot" };
const SUBSCRIBE = {
  command: "subscribe",
  zh: "订阅新答复，例如 /subscribe 养老 2024",
  en: "Get alerts on new replies matching a filter",
};
const UNSUBSCRIBE = { command: "unsubscribe", zh: "取消订阅（编号或 all）", en: "Stop alerts" };
const SUBSCRIPTIONS = { command: "subscriptions", zh: "本会话的订阅", en: "Alerts of this chat" };
const SETTINGS = {
  command: "settings",
  zh: "提醒设置：即时或每日汇总、免打扰、静音",
  en: "Alert settings: instant or daily, quiet hours, silent",
};
/** Changing subscriptions: private chats and group admins. */
const ALERTS = [SUBSCRIBE, UNSUBSCRIBE, SUBSCRIPTIONS, SETTINGS];

/** The menus registered at start: default, private chats, groups, group admins. */
export const COMMAND_MENUS: readonly Menu[] = [
  { scope: { type: "default" }, commands: [ASK, DOC, LATEST, ...ALERTS, HELP] },
  { scope: { type: "all_private_chats" }, commands: [ASK, DOC, LATEST, ...ALERTS, HELP] },
  // Members see the subscriptions (listing is open to all); only admins change them.
  { scope: { type: "all_group_chats" }, commands: [ASK, DOC, SUBSCRIPTIONS, HELP] },
  { scope: { type: "all_chat_administrators" }, commands: [ASK, DOC, LATEST, ...ALERTS, HELP] },
];

/** Commands of a menu in one language (`zh` is the default list, without a language code). */
export function menuCommands(menu: Menu, language: "zh" | "en"): BotCommand[] {
  return menu.commands.map((c) => ({ command: c.command, description: c[language] }));
}

/**
 * Registers every menu with `setMyCommands`: Chinese as the default, English
 * for `en` users. Failures are reported, not thrown: a bot without a menu still answers.
 */
export async function registerCommandMenus(
  api: Pick<Api, "setMyCommands">,
  onError: (error: unknown) => void,
): Promise<void> {
  for (const menu of COMMAND_MENUS) {
    try {
      await api.setMyCommands(menuCommands(menu, "zh"), { scope: menu.scope });
      await api.setMyCommands(menuCommands(menu, "en"), { scope: menu.scope, language_code: "en" });
    } catch (error) {
      onError(error);
    }
  }
}
