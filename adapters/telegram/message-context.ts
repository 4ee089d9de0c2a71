import type { Message, MessageEntity, UserFromGetMe } from "grammy/types";
import type { IncomingMessage } from "../../src/answering/incoming-message.ts";
import { decodeStartPayload } from "./callback-data.ts";

/** Commands this bot knows; a bare one in a group is taken as meant for us. */
const OWN_COMMANDS = new Set([
  "ask",
  "doc",
  "latest",
  "help",
  "start",
  "more",
  "subscribe",
  "unsubscribe",
  "subscriptions",
  "settings",
]);

/**
 * Translates a Telegram message into the core's {@link IncomingMessage}.
 * Works out whether the bot was addressed (a command for it, an @mention, a
 * reply to its message) and strips the addressing from the text; the core
 * decides whether to answer. Null when the message is not for any bot of ours
 * (`/ask@OtherBot`) or has no text.
 */
export function toIncomingMessage(msg: Message, me: UserFromGetMe): IncomingMessage | null {
  const raw = msg.text ?? msg.caption;
  if (raw === undefined) return null;
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const command = leadingCommand(raw, entities);
  const username = me.username.toLowerCase();
  if (command?.target && command.target !== username) return null;
  const mention = entities.find(
    (e) =>
      e.type === "mention" &&
      raw.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username}`,
  );
  const repliesToBot = msg.reply_to_message?.from?.id === me.id;
  const commandForUs =
    command !== null && (command.target !== null || OWN_COMMANDS.has(command.name));
  const privateChat = msg.chat.type === "private";
  const text = mention ? stripRange(raw, mention.offset, mention.length) : raw;
  return {
    text: command?.name === "start" ? startText(text) : text.trim(),
    context: {
      platform: "telegram",
      chatId: String(msg.chat.id),
      chatType: privateChat ? "private" : "group",
      senderId: msg.from ? String(msg.from.id) : null,
      senderName: msg.from?.username ?? null,
      threadId:
        msg.is_topic_message && msg.message_thread_id ? String(msg.message_thread_id) : null,
      addressed: privateChat || commandForUs || mention !== undefined || repliesToBot,
      replyTo: msg.reply_to_message
        ? { messageId: String(msg.reply_to_message.message_id), fromBot: repliesToBot }
        : null,
    },
  };
}

/** A `bot_command` entity at offset 0: its name and `@target` (lower case), if any. */
function leadingCommand(
  text: string,
  entities: readonly MessageEntity[],
): { name: string; target: string | null } | null {
  const entity = entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return null;
  const [name = "", target] = text.slice(1, entity.length).toLowerCase().split("@");
  return { name, target: target ?? null };
}

function stripRange(text: string, offset: number, length: number): string {
  return `${text.slice(0, offset)} ${text.slice(offset + length)}`.replace(/\s+/g, " ");
}

/** `/start <payload>`: a deep link that opens a reply becomes `/doc <文号>`; else help. */
function startText(text: string): string {
  const payload = text.trim().split(/\s+/)[1];
  const reference = payload ? decodeStartPayload(payload) : null;
  return reference ? `/doc ${reference}` : "/help";
}
