import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { BOT_OPEN_ID, FAKE_APP } from "./feishu-open-api.ts";

/**
 * Event envelopes as Feishu sends them (schema 2.0), and the webhook side of
 * Feishu: AES-256-CBC encryption (key = sha256(encrypt key), IV first) and
 * the `X-Lark-Signature` over the raw body.
 */

let counter = 0;
const next = () => ++counter;

function envelope<E extends object>(eventType: string, event: E, eventId = `ev_${next()}`) {
  return {
    schema: "2.0",
    header: {
      event_id: eventId,
      event_type: eventType,
      create_time: String(Date.now()),
      token: "",
      app_id: FAKE_APP.appId,
      tenant_key: "tenant_fake",
    },
    event,
  };
}

/** How a group message addresses the bot. */
export type Addressing = "mention" | "none" | "all" | "namesake";

/** Options of {@link messageEvent}. */
export interface MessageOptions {
  readonly chatId: string;
  readonly chatType: "p2p" | "group";
  readonly text?: string;
  readonly how?: Addressing;
  readonly messageType?: string;
  /** Raw content JSON (overrides `text`). */
  readonly content?: string;
  readonly messageId?: string;
  readonly sender?: string;
  readonly parentId?: string;
}

/** An `im.message.receive_v1` envelope; in a group the text is prefixed by the addressing. */
export function messageEvent(o: MessageOptions) {
  const how = o.how ?? (o.chatType === "p2p" ? "none" : "mention");
  const mentions =
    how === "mention"
      ? [{ key: "@_user_1", id: { open_id: BOT_OPEN_ID }, name: "dafu", tenant_key: "tenant_fake" }]
      : how === "namesake"
        ? [
            {
              key: "@_user_1",
              id: { open_id: "ou_someone_else" },
              name: "dafu",
              tenant_key: "tenant_fake",
            },
          ]
        : [];
  const prefix =
    how === "mention" || how === "namesake" ? "@_user_1 " : how === "all" ? "@_all " : "";
  const messageId = o.messageId ?? `om_user_${next()}`;
  return envelope("im.message.receive_v1", {
    sender: {
      sender_id: { open_id: o.sender ?? "ou_alice" },
      sender_type: "user",
      tenant_key: "tenant_fake",
    },
    message: {
      message_id: messageId,
      ...(o.parentId ? { parent_id: o.parentId, root_id: o.parentId } : {}),
      create_time: String(Date.now()),
      chat_id: o.chatId,
      chat_type: o.chatType,
      message_type: o.messageType ?? "text",
      content: o.content ?? JSON.stringify({ text: `${prefix}${o.text ?? ""}` }),
      mentions,
    },
  });
}

/** A `card.action.trigger` envelope: a button with `value` pressed on `messageId`. */
export function cardActionEvent(messageId: string, chatId: string, value: unknown) {
  return envelope("card.action.trigger", {
    operator: { open_id: "ou_alice", tenant_key: "tenant_fake" },
    token: `c-${next()}`,
    action: { value, tag: "button" },
    host: "im_message",
    context: { open_message_id: messageId, open_chat_id: chatId },
  });
}

/** `im.chat.member.bot.added_v1`: the bot was added to a group. */
export function botAddedEvent(chatId: string) {
  return envelope("im.chat.member.bot.added_v1", {
    chat_id: chatId,
    operator_id: { open_id: "ou_alice" },
    name: "测试群",
  });
}

/** A chat lifecycle event (`im.chat.disbanded_v1`, `im.chat.member.bot.deleted_v1`) for `chatId`. */
export function chatEvent(eventType: string, chatId: string) {
  return envelope(eventType, { chat_id: chatId, operator_id: { open_id: "ou_alice" } });
}

/** Encrypts a body the way Feishu does for an app with an encrypt key. */
export function encryptBody(key: string, plaintext: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

/** Options of {@link postWebhook}. */
export interface PostOptions {
  /** Sign with a wrong key. */
  readonly badSignature?: boolean;
  /** Send no signature headers at all. */
  readonly unsigned?: boolean;
  /** `x-lark-request-timestamp`, in seconds (default: now). */
  readonly timestampSec?: number;
  /** Raw body to send, given the encrypted JSON (default: JSON.stringify of it). */
  readonly raw?: (body: { encrypt: string }) => string;
  /** Raw body the signature is computed over (default: the body sent). */
  readonly signedRaw?: (sent: string) => string;
  /** Replaces the encrypted payload (e.g. with garbage that cannot be decrypted). */
  readonly encrypt?: string;
}

/** Posts an envelope to the bot's webhook, encrypted and signed (or signed wrongly). */
export async function postWebhook(
  url: string,
  key: string,
  body: object,
  options: PostOptions = {},
): Promise<{ status: number; json: unknown }> {
  const payload = { encrypt: options.encrypt ?? encryptBody(key, JSON.stringify(body)) };
  const raw = options.raw ? options.raw(payload) : JSON.stringify(payload);
  const timestamp = String(options.timestampSec ?? Math.floor(Date.now() / 1000));
  const nonce = `n${next()}`;
  const signed = options.signedRaw ? options.signedRaw(raw) : raw;
  const signature = createHash("sha256")
    .update(timestamp + nonce + (options.badSignature ? "wrong-key" : key) + signed)
    .digest("hex");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (!options.unsigned) {
    headers["x-lark-request-timestamp"] = timestamp;
    headers["x-lark-request-nonce"] = nonce;
    headers["x-lark-signature"] = signature;
  }
  const res = await fetch(url, { method: "POST", headers, body: raw });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
