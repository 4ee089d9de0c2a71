import { DocumentError } from "../errors.ts";
import { stripControlCharacters } from "../text/control-characters.ts";
import { decodeReplyBytes } from "./decode.ts";
import { decodeEntities, htmlToText, looksLikeHtml } from "./html-to-text.ts";
import { NO_PAGE, type PageContext, readPageContext } from "./reading/page-context.ts";
import type { ReplyDocument } from "./reply.ts";
import { parseReplyText } from "./reply-parser.ts";

/** File extensions ingestion reads. */
export const REPLY_FILE_EXTENSIONS = [".md", ".txt", ".html", ".htm"] as const;

/** Largest reply file read (bytes); a reply is a few to a few hundred kilobytes. */
export const MAX_REPLY_FILE_BYTES = 20 * 1024 * 1024;

function isHtml(fileName: string, text: string): boolean {
  return /\.html?$/i.test(fileName) || looksLikeHtml(text);
}

/**
 * The text a reply file holds: HTML reduced to its article text, entities
 * decoded exactly once (plain files too, for pages copied with their
 * entities), controls and terminal escapes removed.
 */
export function replyFileText(fileName: string, bytes: Uint8Array): string {
  return articleText(fileName, decodeBytes(bytes));
}

function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length > MAX_REPLY_FILE_BYTES) {
    throw new DocumentError("FILE_UNREADABLE", "文件超过 20 MB，不是一份答复（请检查文件）");
  }
  return decodeReplyBytes(bytes);
}

function articleText(fileName: string, text: string): string {
  const plain = isHtml(fileName, text) ? htmlToText(text) : decodeEntities(text);
  return stripControlCharacters(plain);
}

/**
 * Parses one reply file. Throws a DocumentError saying why it is not a reply.
 * `page` overrides what the file's own `<title>`/`<meta>` tags say about the page.
 */
export function parseReplyFile(
  fileName: string,
  bytes: Uint8Array,
  page?: Partial<PageContext>,
): ReplyDocument {
  const text = decodeBytes(bytes);
  const own = isHtml(fileName, text) ? readPageContext(text) : NO_PAGE;
  return parseReplyText(articleText(fileName, text), { ...own, ...page });
}
