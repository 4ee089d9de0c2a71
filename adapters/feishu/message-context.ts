import type { IncomingMessage } from "../../src/answering/incoming-message.ts";

/** `im.message.receive_v1` as the SDK hands it to a handler (the parts dafu reads). */
export interface ReceiveEvent {
  readonly event_id?: string;
  readonly sender?: {
    readonly sender_id?: { readonly open_id?: string };
    readonly sender_type?: string;
  };
  readonly message: {
    readonly message_id: string;
    readonly parent_id?: string;
    readonly thread_id?: string;
    readonly chat_id: string;
    readonly chat_type: string;
    readonly message_type: string;
    readonly content: string;
    readonly mentions?: readonly {
      readonly key: string;
      readonly id?: { readonly open_id?: string };
      readonly name?: string;
    }[];
  };
}

/** What a received message is, for the bot. */
export type ReadMessage =
  | { readonly kind: "message"; readonly incoming: IncomingMessage }
  /** Addressed to the bot but not text (an image, a file): answered with "please send text". */
  | { readonly kind: "unsupported" }
  /** Not for the bot: a group message that does not @ it, or another bot's message. */
  | { readonly kind: "ignore" };

/** `@_user_1`, `@_all`: the placeholders Feishu puts where a mention was. */
const PLACEHOLDER = /@_(?:user_\d+|all)\b/g;

/**
 * Translates a Feishu message into the core's {@link IncomingMessage}. In a
 * group the bot answers only when it is @-mentioned, told by its own
 * `open_id` (never by name); `@_all` is not a mention. Placeholders are
 * stripped before the text is read. Text and rich-text (post) messages.
 */
export function readMessage(event: ReceiveEvent, botOpenId: string): ReadMessage {
  const { message } = event;
  if (event.sender?.sender_type && event.sender.sender_type !== "user") return { kind: "ignore" };
  const privateChat = message.chat_type === "p2p";
  const mentions = message.mentions ?? [];
  const mentioned = mentions.some((m) => m.id?.open_id === botOpenId);
  if (!privateChat && !mentioned) return { kind: "ignore" };
  const raw = messageText(message.message_type, message.content);
  if (raw === null) return { kind: "unsupported" };
  const text = raw.replace(PLACEHOLDER, " ").replace(/\s+/g, " ").trim();
  return {
    kind: "message",
    incoming: {
      text,
      context: {
        platform: "feishu",
        chatId: message.chat_id,
        chatType: privateChat ? "private" : "group",
        senderId: event.sender?.sender_id?.open_id ?? null,
        threadId: message.thread_id ?? null,
        // Alerts are sent to the chat, not into a thread: a subscription records none.
        threadAlerts: false,
        // A Feishu bot's messages always notify: there is no silent send.
        silentAlerts: false,
        addressed: true,
        // Feishu does not say who wrote the parent; only the bot's own cards are
        // recorded as showing a result set, so the lookup finds nothing otherwise.
        replyTo: message.parent_id ? { messageId: message.parent_id, fromBot: true } : null,
      },
    },
  };
}

/** The text of a text or post message; null for other types or unreadable content. */
export function messageText(type: string, content: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  if (type === "text") {
    const text = (parsed as { text?: unknown })?.text;
    return typeof text === "string" ? text : null;
  }
  if (type === "post") return postText(parsed);
  return null;
}

type PostNode = { tag?: string; text?: string };

/** A post's title and paragraphs as plain text; mentions of the bot dropped. */
function postText(parsed: unknown): string | null {
  const post = unwrapLocale(parsed);
  if (!post || !Array.isArray(post.content)) return null;
  const lines = (post.content as unknown[]).map((paragraph) =>
    (Array.isArray(paragraph) ? (paragraph as PostNode[]) : [])
      .map((node) => {
        if (node.tag === "text" || node.tag === "a") return node.text ?? "";
        // Mentions (a placeholder or an open_id in `user_id`) are addressing, not question text.
        if (node.tag === "at") return " ";
        return "";
      })
      .join(""),
  );
  const title = typeof post.title === "string" ? post.title : "";
  return [title, ...lines].filter((l) => l.trim()).join("\n");
}

/** Received posts have no locale wrapper; sent ones (`{zh_cn:{…}}`) do: accept both. */
function unwrapLocale(parsed: unknown): { title?: unknown; content?: unknown } | null {
  if (!parsed || typeof parsed !== "object") return null;
  const value = parsed as Record<string, unknown>;
  if ("content" in value) return value;
  const inner = Object.values(value).find((v) => v && typeof v === "object" && "content" in v);
  return (inner as { title?: unknown; content?: unknown }) ?? null;
}
