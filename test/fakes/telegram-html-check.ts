/**
 * What Telegram checks in an HTML-mode text: only the supported tags,
 * properly nested; `&` only in the four named entities or numeric ones; at
 * most 4096 UTF-16 units of visible text, and not empty.
 */

const TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "tg-spoiler",
  "span",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Parses HTML text as Telegram does; returns the visible text or the error Telegram would give. */
export function parseTelegramHtml(
  html: string,
): { ok: true; text: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) return fail(`Unexpected end of name token at byte offset ${i}`);
      const tag = /^<(\/?)([a-z-]+)(\s[^<>]*)?>$/i.exec(html.slice(i, end + 1));
      if (!tag) return fail(`Unsupported start tag at byte offset ${i}`);
      const name = (tag[2] ?? "").toLowerCase();
      if (!TAGS.has(name)) return fail(`Unsupported start tag "${name}" at byte offset ${i}`);
      if (tag[1]) {
        if (stack.pop() !== name)
          return fail(`Unmatched end tag at byte offset ${i}, expected "</${name}>"`);
      } else stack.push(name);
      i = end + 1;
    } else if (ch === "&") {
      const entity = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i.exec(html.slice(i, i + 12));
      const named = entity?.[1] ? ENTITIES[entity[1]] : undefined;
      if (!entity || (entity[1] && !named)) return fail(`Unsupported entity at byte offset ${i}`);
      text +=
        named ??
        String.fromCodePoint(Number.parseInt(entity[2] ?? entity[3] ?? "0", entity[2] ? 10 : 16));
      i += entity[0].length;
    } else if (ch === ">") {
      return fail(`Unexpected > at byte offset ${i}`);
    } else {
      text += ch;
      i += 1;
    }
  }
  if (stack.length > 0)
    return fail(`Can't find end tag corresponding to start tag "${stack.pop()}"`);
  if (!text.trim()) return { ok: false, error: "Bad Request: message text is empty" };
  if (text.length > 4096) return { ok: false, error: "Bad Request: message is too long" };
  return { ok: true, text };
}

function fail(detail: string): { ok: false; error: string } {
  return { ok: false, error: `Bad Request: can't parse entities: ${detail}` };
}
