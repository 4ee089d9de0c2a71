/**
 * Telegram HTML text: escaping and splitting. Every string that comes from a
 * document or a user goes through {@link escapeHtml}; long text is split at
 * sentence boundaries before escaping, so no tag or entity is ever cut.
 */

/** Telegram's limit on a message, in UTF-16 units of visible text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** What we aim for per message, leaving room for a header and footer. */
export const CHUNK_LIMIT = 3600;

// C0 controls (but tab and newline), DEL, C1 controls, and bidi overrides: never rendered as text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Escapes `<`, `>`, `&` (and `"`, for attributes) and drops control characters. */
export function escapeHtml(text: string): string {
  return text
    .replace(CONTROL, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Visible length of plain text once control characters are dropped (UTF-16 units). */
export function visibleLength(text: string): number {
  return text.replace(CONTROL, "").length;
}

const SENTENCE_END = /(?<=[。！？；!?;\n])/u;
const CLAUSE_END = /(?<=[，、,：:])/u;

/**
 * Splits plain text into chunks of at most `limit` UTF-16 units, at sentence
 * ends (。！？；or a line break) where possible, else at clause ends, else
 * hard — never inside a surrogate pair.
 */
export function splitText(text: string, limit = CHUNK_LIMIT): string[] {
  const clean = text.replace(CONTROL, "");
  if (clean.length <= limit) return clean.trim() ? [clean] : [];
  const pieces = clean.split(SENTENCE_END).flatMap((s) => breakLong(s, limit));
  const chunks: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current.length + piece.length > limit && current) {
      chunks.push(current);
      current = "";
    }
    current += piece;
  }
  if (current.trim()) chunks.push(current);
  return chunks.map((c) => c.trim()).filter(Boolean);
}

function breakLong(sentence: string, limit: number): string[] {
  if (sentence.length <= limit) return [sentence];
  const out: string[] = [];
  let current = "";
  for (const clause of sentence.split(CLAUSE_END)) {
    for (const part of hardCut(clause, limit)) {
      if (current.length + part.length > limit && current) {
        out.push(current);
        current = "";
      }
      current += part;
    }
  }
  if (current) out.push(current);
  return out;
}

function hardCut(text: string, limit: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = limit;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/** Cuts user or document text repeated in a reply to `max` UTF-16 units, ending with "…". */
export function clipText(text: string, max = 200): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Visible length of Telegram HTML (tags dropped, entities counted as one character). */
export function htmlVisibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(/&(?:lt|gt|amp|quot|#\d+);/g, "x").length;
}

/**
 * Packs lines of Telegram HTML (each well-formed on its own) into messages of
 * at most `limit` visible characters, joined by line breaks. A line longer
 * than the limit on its own is the caller's to clip.
 */
export function packLines(lines: readonly string[], limit = CHUNK_LIMIT): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const line of lines) {
    const size = htmlVisibleLength(line) + 1;
    if (length + size > limit && current.length > 0) {
      messages.push(current.join("\n"));
      current = [];
      length = 0;
    }
    current.push(line);
    length += size;
  }
  if (current.some((line) => line.trim())) messages.push(current.join("\n").trim());
  return messages;
}
