/**
 * Article text from a reply saved as a web page: scripts, styles, navigation,
 * forms and link lists are dropped; block elements become line breaks and
 * `<h1>`–`<h6>` become markdown headings so the parser knows them.
 */

interface HtmlElement {
  readonly tag: string;
  readonly attrs: string;
  readonly children: HtmlNode[];
}
type HtmlNode = HtmlElement | string;

const VOID = new Set([
  "br",
  "hr",
  "img",
  "meta",
  "link",
  "input",
  "area",
  "base",
  "col",
  "wbr",
  "source",
]);
const DROP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "nav",
  "aside",
  "form",
  "select",
  "button",
  "iframe",
  "head",
  "object",
  "footer",
]);
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "header",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "tr",
  "table",
  "tbody",
  "thead",
  "blockquote",
  "pre",
  "center",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "title",
  "body",
  "html",
]);
const JUNK_ATTR =
  /\b(?:id|class)\s*=\s*["'][^"']*\b(?:nav|navbar|menu|breadcrumb|crumbs?|sidebar|share|toolbar|copyright|footer|related)\b/i;

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ldquo: "“",
  rdquo: "”",
  lsquo: "‘",
  rsquo: "’",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  middot: "·",
  bull: "•",
  times: "×",
  emsp: " ",
  ensp: " ",
};

/** True when the text looks like an HTML document rather than plain text or markdown. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[\s>])/i.test(text.slice(0, 2000));
}

/** Extracts the readable text of an HTML page, one block per line. */
export function htmlToText(html: string): string {
  const root = buildTree(html.replace(/<!--[\s\S]*?-->/g, ""));
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim()) lines.push(current.trim());
    current = "";
  };
  const walk = (node: HtmlNode) => {
    if (typeof node === "string") {
      // Ideographic and no-break spaces survive: they set apart a joint signature's bodies.
      current += decodeEntities(node.replace(/[ \t\r\n\f]+/g, " "));
      return;
    }
    if (DROP.has(node.tag) || JUNK_ATTR.test(node.attrs) || isLinkList(node)) return;
    if (node.tag === "br") return flush();
    const block = BLOCK.has(node.tag);
    if (block) flush();
    if (/^h[1-6]$/.test(node.tag)) current += "# ";
    // Table cells become markdown-like pipes so a metadata table keeps its label/value pairs.
    if (node.tag === "td" || node.tag === "th") current += current.trim() ? " | " : " ";
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines.join("\n\n");
}

function buildTree(html: string): HtmlElement {
  const root: HtmlElement = { tag: "#root", attrs: "", children: [] };
  const stack: HtmlElement[] = [root];
  const token = /<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|[^<]+|</g;
  for (let m = token.exec(html); m !== null; m = token.exec(html)) {
    const top = stack[stack.length - 1] ?? root;
    const tag = m[1]?.toLowerCase();
    if (!tag) {
      top.children.push(m[0]);
      continue;
    }
    if (m[0].startsWith("</")) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const element: HtmlElement = { tag, attrs: m[2] ?? "", children: [] };
    top.children.push(element);
    if (tag === "script" || tag === "style") {
      // Raw text elements: skip to the closing tag so `<` inside code is not parsed.
      const end = html.toLowerCase().indexOf(`</${tag}`, token.lastIndex);
      token.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    if (!VOID.has(tag) && !m[0].endsWith("/>")) stack.push(element);
  }
  return root;
}

/** A block that is mostly links (menus, "related articles") is not article text. */
function isLinkList(node: HtmlElement): boolean {
  if (!["ul", "ol", "div", "table", "p", "section", "dl"].includes(node.tag)) return false;
  let links = 0;
  let linkChars = 0;
  let allChars = 0;
  const count = (n: HtmlNode, inLink: boolean) => {
    if (typeof n === "string") {
      const len = n.replace(/\s+/g, "").length;
      allChars += len;
      if (inLink) linkChars += len;
      return;
    }
    if (n.tag === "a") links++;
    for (const c of n.children) count(c, inLink || n.tag === "a");
  };
  count(node, false);
  return links >= 3 && linkChars / Math.max(allChars, 1) > 0.6;
}

/** Decodes HTML character references (`&nbsp;`, `&ldquo;`, `&#8220;`) once. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X"
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
