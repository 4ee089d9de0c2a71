import type { IncomingMessage } from "node:http";
import type { InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { parseTelegramHtml } from "./telegram-html-check.ts";

/**
 * The fake Bot API's wire and content rules: reading a request as Telegram
 * does (JSON, form or query string), building message entities, and the
 * checks on a message's text and keyboard.
 */

/** Text and keyboard checks shared by sendMessage and editMessageText. */
export function checkContent(
  p: Record<string, unknown>,
): { ok: true; text: string } | { ok: false; error: string } {
  if (p.parse_mode !== "HTML")
    return { ok: false, error: "Bad Request: the fake expects parse_mode HTML" };
  const html = parseTelegramHtml(String(p.text ?? ""));
  if (!html.ok) return html;
  const markup = p.reply_markup as InlineKeyboardMarkup | undefined;
  for (const button of markup?.inline_keyboard.flat() ?? []) {
    const data = "callback_data" in button ? button.callback_data : undefined;
    if (data !== undefined && (Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64))
      return { ok: false, error: "Bad Request: BUTTON_DATA_INVALID" };
  }
  return html;
}

/** `bot_command` at offset 0 and every `@mention`, with UTF-16 offsets (JS string indices). */
export function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[a-z0-9_]{1,32}(?:@[a-z0-9_]{3,32})?/i.exec(text);
  if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
  for (const m of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{3,32}/g))
    entities.push({ type: "mention", offset: m.index ?? 0, length: m[0].length });
  return entities;
}

export function commandKey(p: Record<string, unknown>): string {
  const scope = (p.scope as { type?: string } | undefined)?.type ?? "default";
  return `${scope}|${String(p.language_code ?? "")}`;
}

export async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  const query = Object.fromEntries(new URL(req.url ?? "/", "http://x").searchParams);
  if (!body) return query;
  if ((req.headers["content-type"] ?? "").includes("json"))
    return { ...query, ...JSON.parse(body) };
  const form = Object.fromEntries(new URLSearchParams(body));
  return Object.fromEntries(
    Object.entries({ ...query, ...form }).map(([k, v]) => [k, /^[[{]/.test(v) ? JSON.parse(v) : v]),
  );
}
