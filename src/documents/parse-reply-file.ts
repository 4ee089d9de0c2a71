import { decodeReplyBytes } from "./decode.ts";
import { htmlToText, looksLikeHtml } from "./html-to-text.ts";
import type { ReplyDocument } from "./reply.ts";
import { parseReplyText } from "./reply-parser.ts";

/** File extensions ingestion reads. */
export const REPLY_FILE_EXTENSIONS = [".md", ".txt", ".html", ".htm"] as const;

/** The text a reply file holds, HTML reduced to its article text. */
export function replyFileText(fileName: string, bytes: Uint8Array): string {
  const text = decodeReplyBytes(bytes);
  return /\.html?$/i.test(fileName) || looksLikeHtml(text) ? htmlToText(text) : text;
}

/** Parses one reply file. Throws a DocumentError saying why it is not a reply. */
export function parseReplyFile(fileName: string, bytes: Uint8Array): ReplyDocument {
  return parseReplyText(replyFileText(fileName, bytes));
}
