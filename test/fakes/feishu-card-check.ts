/**
 * Reads a Feishu JSON 2.0 card the way a strict client would: every
 * markdown element may hold only the markup dafu writes itself (`**bold**`,
 * `<font color='grey'>…</font>`, the entities Feishu documents); anything
 * else (a raw `<at>`, a link, a stray `*`, a bare URL, `www.`, an e-mail
 * address, a list or heading start, an undocumented entity) is reported.
 * Gives the visible text (zero-width spaces removed).
 */

/** The entities Feishu documents for card markdown (富文本 JSON 2.0 "特殊字符转义"). */
const DOCUMENTED: Record<string, string> = {
  "&#42;": "*",
  "&#60;": "<",
  "&#62;": ">",
  "&sim;": "~",
  "&#95;": "_",
  "&#91;": "[",
  "&#93;": "]",
  "&#35;": "#",
  "&#45;": "-",
  "&#96;": "`",
  "&#92;": "\\",
};
const ENTITY = /&(?:#\d{1,6}|[A-Za-z][A-Za-z0-9]*);/g;

/** Raw markup, links and list/heading starts that would be live if left in card markdown. */
const RAW_MARKUP =
  /[<>*_~[\]#`\\]|:\/\/|^\s*[-+=]|^\s*\d+[.)]|^ {4}|www\.|[A-Za-z0-9]@[A-Za-z0-9]|[A-Za-z0-9]\.[A-Za-z]/m;

/** Result of reading one markdown string. */
export type MarkdownCheck = { ok: true; text: string } | { ok: false; error: string };

/** Checks one card-markdown string; returns its visible text. */
export function checkCardMarkdown(content: string): MarkdownCheck {
  let rest = content.replace(/<font color='grey'>([\s\S]*?)<\/font>/g, "$1");
  const bolds = rest.match(/\*\*/g)?.length ?? 0;
  if (bolds % 2 !== 0) return { ok: false, error: "unbalanced **" };
  rest = rest.replace(/\*\*/g, "");
  const undocumented = [...rest.matchAll(ENTITY)].find((m) => !(m[0] in DOCUMENTED));
  if (undocumented) return { ok: false, error: `undocumented entity ${undocumented[0]}` };
  // Entities hide markup; what is left between them must hold none.
  const masked = rest.replace(ENTITY, "\u0001");
  const bad = RAW_MARKUP.exec(masked);
  if (bad) return { ok: false, error: `raw markup ${JSON.stringify(bad[0])} in ${rest}` };
  return {
    ok: true,
    text: rest.replace(ENTITY, (e) => DOCUMENTED[e] ?? e).replace(/\u200b/g, ""),
  };
}

/** A card's parts a test looks at. */
export interface ReadCard {
  readonly title: string;
  /** Visible text of every markdown element, joined by newlines. */
  readonly text: string;
  /** Buttons: label and callback value. */
  readonly buttons: { label: string; value: unknown }[];
  readonly bytes: number;
}

/** Reads a card (its JSON string); throws when a markdown element breaks the rules. */
export function readCard(json: string): ReadCard {
  const card = JSON.parse(json) as {
    schema?: string;
    header?: { title?: { content?: string } };
    body?: { elements?: unknown[] };
  };
  if (card.schema !== "2.0") throw new Error("not a JSON 2.0 card");
  const texts: string[] = [];
  const buttons: { label: string; value: unknown }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (!node || typeof node !== "object") return;
    const el = node as Record<string, unknown>;
    if (el.tag === "markdown") {
      const checked = checkCardMarkdown(String(el.content));
      if (!checked.ok) throw new Error(checked.error);
      texts.push(checked.text);
    }
    if (el.tag === "button") {
      const behaviors = (el.behaviors as { value?: unknown }[] | undefined) ?? [];
      buttons.push({
        label: String((el.text as { content?: string })?.content ?? ""),
        value: behaviors[0]?.value,
      });
    }
    walk(el.elements);
    walk(el.columns);
  };
  walk(card.body?.elements);
  return {
    title: card.header?.title?.content ?? "",
    text: texts.join("\n"),
    buttons,
    bytes: Buffer.byteLength(json),
  };
}

/** Visible text of a post message's content (the card fallback). */
export function readPost(json: string): string {
  const post = JSON.parse(json) as { zh_cn?: { content?: { text?: string }[][] } };
  return (post.zh_cn?.content ?? [])
    .map((line) => line.map((n) => n.text ?? "").join(""))
    .join("\n");
}
