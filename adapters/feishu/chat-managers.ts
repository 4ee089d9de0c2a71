import type * as lark from "@larksuiteoapi/node-sdk";
import type { IncomingMessage, MessageContext } from "../../src/answering/incoming-message.ts";
import { createExpiringCache } from "../expiring-cache.ts";

/**
 * Who may change a Feishu group's subscriptions: the group owner and its
 * managers, read from 获取群信息 (`GET /open-apis/im/v1/chats/:chat_id`,
 * `owner_id` and `user_manager_id_list` as open_ids) and kept a few minutes
 * per chat. A one-to-one chat (`chat_mode` p2p) is always allowed.
 */

/** How long a chat's owner and managers are kept. */
export const MANAGER_CACHE_MS = 5 * 60_000;

/** The managers of chats, cached. */
export interface ChatManagers {
  /** True when `openId` owns or manages `chatId`, or the chat is a one-to-one chat. */
  canManage(chatId: string, openId: string | null): Promise<boolean>;
}

interface ChatInfo {
  readonly p2p: boolean;
  readonly managers: ReadonlySet<string>;
}

type ChatGetResult = {
  code?: number;
  msg?: string;
  data?: { chat_mode?: string; owner_id?: string; user_manager_id_list?: string[] };
};

/** Chats whose owner and managers are kept at most (the oldest goes first). */
export const MANAGER_CACHE_MAX = 10_000;

/**
 * Creates the cache over the SDK's client: expired entries are dropped on
 * every check, and at most `maxEntries` are kept. A failed call is not cached
 * (the next press asks again).
 */
export function createChatManagers(
  client: Pick<lark.Client, "request">,
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): ChatManagers {
  const chats = createExpiringCache<string, ChatInfo>({
    ttlMs: options.ttlMs ?? MANAGER_CACHE_MS,
    maxEntries: options.maxEntries ?? MANAGER_CACHE_MAX,
    now: options.now,
  });
  const fetchInfo = async (chatId: string): Promise<ChatInfo> => {
    const result = (await client.request({
      method: "GET",
      url: `/open-apis/im/v1/chats/${encodeURIComponent(chatId)}`,
      params: { user_id_type: "open_id" },
    })) as ChatGetResult;
    if (result?.code) throw new Error(`feishu chat info ${result.code}: ${result.msg ?? ""}`);
    const data = result?.data ?? {};
    const managers = [data.owner_id, ...(data.user_manager_id_list ?? [])];
    return {
      p2p: data.chat_mode === "p2p",
      managers: new Set(managers.filter((id): id is string => typeof id === "string" && id !== "")),
    };
  };
  return {
    async canManage(chatId, openId) {
      const info = await chats.get(chatId, fetchInfo);
      return info.p2p || (openId !== null && info.managers.has(openId));
    },
  };
}

/** A received message with its sender's permission check (group owner or manager). */
export function withManagers(
  incoming: IncomingMessage,
  managers: ChatManagers | undefined,
): IncomingMessage {
  const context = incoming.context;
  if (!context || !managers) return incoming;
  const canManage = () => managers.canManage(context.chatId, context.senderId);
  return { ...incoming, context: { ...context, canManage } };
}

/**
 * Who pressed a card button, and where. A press does not say whether the
 * chat is a group: the chat's info decides (a one-to-one chat is always allowed).
 */
export function presserContext(
  chatId: string,
  openId: string | null,
  managers: ChatManagers | undefined,
): MessageContext {
  return {
    platform: "feishu",
    chatId,
    chatType: "group",
    senderId: openId,
    threadId: null,
    addressed: true,
    replyTo: null,
    ...(managers ? { canManage: () => managers.canManage(chatId, openId) } : {}),
  };
}
