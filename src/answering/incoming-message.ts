/**
 * A message from any platform, reduced to what the core needs. The adapter
 * translates; the core decides (whether to answer, which result set a
 * follow-up means).
 */

/** Private chats get an answer to any text; groups only when the bot is addressed. */
export type ChatType = "private" | "group";

/** Where a message was said and by whom. */
export interface MessageContext {
  /** "console", "telegram", "feishu". */
  readonly platform: string;
  readonly chatId: string;
  readonly chatType: ChatType;
  /** Platform user id of the sender; null when unknown (console, anonymous admin). */
  readonly senderId: string | null;
  /** Display name of the sender, for logs only. Never shown to other chats. */
  readonly senderName?: string | null;
  /** Thread or forum topic the message belongs to; answers stay in it. */
  readonly threadId: string | null;
  /**
   * Whether alerts can be sent into {@link threadId} (a Telegram forum topic),
   * so a subscription made there records it. Default true; Feishu: false
   * (alerts go to the chat).
   */
  readonly threadAlerts?: boolean;
  /**
   * Whether the platform can send an alert without a notification sound, so
   * `/settings silent on` means something. Default true; Feishu: false (its
   * bots cannot send silently).
   */
  readonly silentAlerts?: boolean;
  /**
   * Whether the message is meant for the bot: a command for this bot, a
   * mention of it, or a reply to one of its messages. Always true in private chats.
   */
  readonly addressed: boolean;
  /** The message this one replies to, when it replies to one. */
  readonly replyTo: {
    readonly messageId: string;
    /** True when the replied-to message is the bot's own. */
    readonly fromBot: boolean;
  } | null;
  /**
   * Whether the sender may change the chat's subscriptions and settings (in a
   * group: an admin, the owner, or the group itself posting anonymously).
   * Supplied by the adapter; absent in a group means no. Private chats may always.
   */
  readonly canManage?: () => Promise<boolean>;
}

/** What the core receives. */
export interface IncomingMessage {
  /** The text with any addressing (`/ask@Bot`, `@Bot`) already removed by the adapter. */
  readonly text: string;
  /** Page of an answer, from 1. Default 1. */
  readonly page?: number;
  /** Where the message comes from. Absent for one-off questions (CLI `ask`). */
  readonly context?: MessageContext;
}
