import type { Api } from "grammy";
import type { Message } from "grammy/types";
import { createExpiringCache } from "../expiring-cache.ts";

/**
 * Who may change a Telegram group's subscriptions: its administrators (and
 * creator), asked with `getChatAdministrators` and kept a few minutes per
 * chat, so a burst of commands costs one call. A message the group sends on
 * its own behalf (an anonymous admin: `sender_chat` is the group itself) is
 * an admin's. Private chats are always allowed.
 */

/** How long a group's admin list is kept. */
export const ADMIN_CACHE_MS = 5 * 60_000;

/** The admin lists of groups, cached. */
export interface ChatAdmins {
  /** True when `userId` is an administrator or the creator of `chatId`. */
  isAdmin(chatId: number, userId: number): Promise<boolean>;
}

/** Groups whose admin lists are kept at most (the oldest goes first). */
export const ADMIN_CACHE_MAX = 10_000;

/**
 * Creates the cache over the Bot API: expired lists are dropped on every
 * check, and at most `maxEntries` are kept. A failed call is not cached (the
 * next command asks again).
 */
export function createChatAdmins(
  api: Pick<Api, "getChatAdministrators">,
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): ChatAdmins {
  const lists = createExpiringCache<number, Set<number>>({
    ttlMs: options.ttlMs ?? ADMIN_CACHE_MS,
    maxEntries: options.maxEntries ?? ADMIN_CACHE_MAX,
    now: options.now,
  });
  const load = async (chatId: number) =>
    new Set((await api.getChatAdministrators(chatId)).map((m) => m.user.id));
  return {
    async isAdmin(chatId, userId) {
      return (await lists.get(chatId, load)).has(userId);
    },
  };
}

/** The permission check of one message's sender (or one button's presser). */
export function canManageCheck(
  admins: ChatAdmins,
  chat: Pick<Message["chat"], "id" | "type">,
  from: { id: number } | undefined,
  senderChat?: { id: number },
): () => Promise<boolean> {
  return async () => {
    if (chat.type === "private") return true;
    // Sent on behalf of the group itself: only its (anonymous) admins can.
    if (senderChat?.id === chat.id) return true;
    // A linked channel's post or a message without a sender is not an admin's.
    if (senderChat || !from) return false;
    return admins.isAdmin(chat.id, from.id);
  };
}
