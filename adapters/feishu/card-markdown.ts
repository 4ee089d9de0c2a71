import { stripControlCharacters } from "../../src/text/control-characters.ts";

/**
 * Card markdown (Feishu JSON 2.0 `markdown` element) escaping. Every string
 * that comes from a document or a user goes through {@link escapeCardMarkdown},
 * so an excerpt can never @ anyone (`<at id=all>`), open a link (`[x](y)`,
 * a bare URL, `www.`, an e-mail address), start a heading, list, quote or
 * code block, or close a tag of ours (`</font>`).
 *
 * Only the entities Feishu documents (富文本 JSON 2.0 "特殊字符转义") are used:
 * `&#42; &#60; &#62; &sim; &#95; &#91; &#93; &#35; &#45; &#96; &#92;`.
 * Everything else is defused without entities (checked with a strict reader,
 * not against a real Feishu client):
 * - `&` is left as it is (a bare `&` is text); only where it would spell an
 *   entity (`&#…`, `&name;`) a zero-width space follows it, so the text
 *   shows as written and never decodes.
 * - `|` is left as it is: a table needs a delimiter row of `-`, which is
 *   always escaped.
 * - `://` becomes `：//` (full-width colon): no client links a scheme
 *   without its ASCII colon, and the reader still sees the address.
 * - `www.`, domains (`example.com`) and e-mail addresses get a zero-width
 *   space before the dot / after the `@`, so nothing auto-links them.
 * - A line starting with `1.` / `1)`, `+` or a run of `=` (a list or a
 *   setext heading) gets a zero-width space in front; leading indentation is
 *   dropped (four spaces would make a code block).
 * Our own numbering is `1、`, which is no markup at all.
 */

/** Zero-width space: invisible, and breaks every markup pattern it sits in. */
export const ZWSP = "\u200b";

/** The characters Feishu documents an entity for, and that entity. */
const ENTITIES: Record<string, string> = {
  "*": "&#42;",
  "<": "&#60;",
  ">": "&#62;",
  "~": "&sim;",
  _: "&#95;",
  "[": "&#91;",
  "]": "&#93;",
  "#": "&#35;",
  "-": "&#45;",
  "`": "&#96;",
  "\\": "&#92;",
};

const SPECIAL = /[*<>~_[\]#\-`\\]/g;

/**
 * Escapes text for a card markdown element: control characters dropped,
 * markup characters as Feishu's documented entities, and links, entities,
 * list and heading starts broken as described above.
 */
export function escapeCardMarkdown(text: string): string {
  return stripControlCharacters(text)
    .replace(/^[ \t]+/gm, "")
    .replace(/^(?=\d+[.)]|\+|=)/gm, ZWSP)
    .replace(/&(?=#|[A-Za-z][A-Za-z0-9]*;)/g, `&${ZWSP}`)
    .replace(SPECIAL, (c) => ENTITIES[c] ?? c)
    .replace(/:\/\//g, "：//")
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/(?<=[A-Za-z0-9])\.(?=[A-Za-z])/g, `${ZWSP}.`);
}

/** Bold, for text already escaped. */
export function bold(escaped: string): string {
  return escaped ? `**${escaped}**` : "";
}

/** Grey text, for text already escaped. */
export function grey(escaped: string): string {
  return escaped ? `<font color='grey'>${escaped}</font>` : "";
}
