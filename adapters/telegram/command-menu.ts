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

/** The menus registered at start: default, private chats, groups, group admins. */
export const COMMAND_MENUS: readonly Menu[] = [
  { scope: { type: "default" }, commands: [ASK, DOC, LATEST, HELP] },
  { scope: { type: "all_private_chats" }, commands: [ASK, DOC, LATEST, HELP] },
  { scope: { type: "all_group_chats" }, commands: [ASK, DOC, HELP] },
  { scope: { type: "all_chat_administrators" }, commands: [ASK, DOC, LATEST, HELP] },
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
