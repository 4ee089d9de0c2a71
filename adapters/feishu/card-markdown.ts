import { stripControlCharacters } from "../../src/text/control-characters.ts";

/**
 * Card markdown (Feishu JSON 2.0 `markdown` element) escaping. Every string
 * that comes from a document or a user goes through {@link escapeCardMarkdown}:
 * markup characters become numeric entities, so an excerpt can never @
 * anyone (`<at id=all>`), open a link (`[x](y)`, a bare URL), start a
 * heading, list, quote or table, or close a tag of ours (`</font>`).
 * (Card markdown decodes numeric character references as CommonMark does;
 * checked here with a strict reader, not against a real Feishu client.)
 */

/**
 * Characters that start or end card-markdown syntax, as numeric entities:
 * those Feishu's JSON 2.0 docs list (`* < > ~ _ [ ] # - \` \\`), plus `&`
 * (so document text can never spell an entity) and `|` (tables).
 */
const ENTITIES: Record<string, string> = {
  "&": "&#38;",
  "<": "&#60;",
  ">": "&#62;",
  "*": "&#42;",
  _: "&#95;",
  "~": "&#126;",
  "[": "&#91;",
  "]": "&#93;",
  "#": "&#35;",
  "-": "&#45;",
  "`": "&#96;",
  "\\": "&#92;",
  "|": "&#124;",
};

const SPECIAL = /[&<>*_~[\]#\-`\\|]/g;

/**
 * Escapes text for a card markdown element: control characters dropped,
 * markup characters as entities, `://` broken so no bare URL is auto-linked,
 * and a line's leading `1.` or `+` kept from starting a list.
 */
export function escapeCardMarkdown(text: string): string {
  return stripControlCharacters(text)
    .replace(SPECIAL, (c) => ENTITIES[c] ?? c)
    .replace(/:\/\//g, "&#58;//")
    .replace(/^(\s*)\+/gm, "$1&#43;")
    .replace(/^(\s*\d+)\./gm, "$1&#46;");
}

/** Bold, for text already escaped. */
export function bold(escaped: string): string {
  return escaped ? `**${escaped}**` : "";
}

/** Grey text, for text already escaped. */
export function grey(escaped: string): string {
  return escaped ? `<font color='grey'>${escaped}</font>` : "";
}
