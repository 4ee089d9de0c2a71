import { decodeEntities } from "../documents/html-to-text.ts";

/**
 * Reads a listing page of a disclosure column: the links to its items (on
 * the listing's own host, any path) and the address of its next page.
 * General patterns only: a link's text says whether it is an item (a title)
 * or navigation (首页, 政务公开, 1 2 3); the next page is a 下一页 link, a
 * link to the same address with the page number one higher (index_1.html,
 * page_2.html, ?page=2), or the pager script many CMSs write
 * (`createPageHTML(count, current, "index", "html")`).
 */

/** What a listing page links to. */
export interface ListingLinks {
  /** Item pages on the listing's host, in page order, without duplicates. */
  readonly pages: readonly string[];
  /** The next listing page, or null on the last one. */
  readonly next: string | null;
}

/** An item link's text (or title attribute) has at least this many characters; navigation has fewer. */
const MIN_TITLE_CHARS = 8;
const ANCHOR = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
/** A next-page link's text once arrows, brackets and spaces around it are dropped (下一页 >>, [下一页], Next »). */
const NEXT_TEXT = /^(下一页|下页|后一页|下一頁|next(\s*page)?)$/i;
/** Arrows and brackets a pager puts around its words; alone (">", "»", ">>") they mean the next page too. */
const PAGER_MARKS = /^[\s<>‹›«»[\]【】()（）→]+|[\s<>‹›«»[\]【】()（）→]+$/g;
const NEXT_ARROWS = /^\s*(>|›|»|>>|››|→)\s*$/;
/** Not pages: styles, scripts, images, archives and office files. */
const NOT_A_PAGE =
  /\.(css|js|json|xml|jpe?g|png|gif|bmp|svg|ico|webp|pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|mp[34]|avi|exe)$/i;
const PAGER_SCRIPT =
  /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/;

/** Reads the item links and the next page of one listing page at `address`. */
export function readListing(html: string, address: string): ListingLinks {
  const listing = new URL(address);
  const base = baseUrl(html, listing);
  const pages: string[] = [];
  const seen = new Set<string>([withoutHash(listing)]);
  const following = nextPageCandidates(listing);
  let next: string | null = null;
  for (const m of withoutScripts(html).matchAll(ANCHOR)) {
    const url = resolve(attribute(m[1] ?? "", "href"), base);
    if (!url || url.host !== listing.host) continue;
    const text = plainText(m[2] ?? "");
    const href = withoutHash(url);
    // A link to the next page's address counts as the pager only when its text is not an item's title.
    const numbered = following.has(comparable(url)) && chars(text) < MIN_TITLE_CHARS;
    if (!next && href !== withoutHash(listing) && (isNextText(text) || numbered)) {
      next = href;
      continue;
    }
    const title = plainText(attribute(m[1] ?? "", "title") ?? "");
    if (Math.max(chars(text), chars(title)) < MIN_TITLE_CHARS) continue;
    if (NOT_A_PAGE.test(url.pathname) || seen.has(href)) continue;
    seen.add(href);
    pages.push(href);
  }
  return { pages, next: next ?? scriptedNextPage(html, listing) };
}

/**
 * Scripts, styles and comments hold markup that is not on the page. A data
 * script (`<script type="text/xml">`, as CMSs such as 大汉 JCMS write the
 * first page of their records, each in CDATA) is the page's content: kept.
 */
function withoutScripts(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi, (_all, tag, attrs, inner) =>
      tag.toLowerCase() === "script" && isDataScript(attrs)
        ? inner.replace(/<!\[CDATA\[|\]\]>/g, " ")
        : " ",
    );
}

/** A script whose type names data or markup (text/xml, text/html, text/template), not a program. */
function isDataScript(attributes: string): boolean {
  const type = attribute(attributes, "type")?.toLowerCase();
  return Boolean(type && /^(text|application)\/(xml|html|template|x-template)$/.test(type));
}

function baseUrl(html: string, listing: URL): URL {
  const tag = /<base\b[^>]*>/i.exec(html)?.[0];
  const href = tag ? attribute(tag, "href") : undefined;
  return resolve(href, listing) ?? listing;
}

function attribute(attributes: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(
    attributes,
  );
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  return value === undefined ? undefined : decodeEntities(value).trim();
}

function resolve(href: string | undefined, base: URL): URL | null {
  if (!href || /^(javascript|mailto|tel|data):/i.test(href) || href.startsWith("#")) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

function isNextText(text: string): boolean {
  return NEXT_ARROWS.test(text) || NEXT_TEXT.test(text.replace(PAGER_MARKS, ""));
}

/** An address with its query parameters sorted and no trailing slash: ?cat=7&page=3 = ?page=3&cat=7. */
function comparable(address: URL): string {
  const copy = new URL(address);
  copy.hash = "";
  copy.searchParams.sort();
  copy.pathname = copy.pathname.replace(/(.)\/+$/, "$1");
  return copy.href;
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = "";
  return copy.href;
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

function chars(text: string): number {
  return text.replace(/\s/g, "").length;
}

/** Addresses the page after `listing` would have under the usual numbering schemes ({@link comparable}). */
function nextPageCandidates(listing: URL): Set<string> {
  const out = new Set<string>();
  const add = (change: (u: URL) => void) => {
    const u = new URL(listing.href);
    change(u);
    out.add(comparable(u));
  };
  const numbered = /^(.*?)([_-])(\d+)(\.\w+)$/.exec(listing.pathname);
  if (numbered) {
    const [, stem, sep, n, ext] = numbered;
    add((u) => {
      u.pathname = `${stem}${sep}${Number(n) + 1}${ext}`;
    });
  } else {
    const file = /^(.*\/)([^/]*?)(\.\w+)?$/.exec(listing.pathname);
    const dir = file?.[1] ?? "/";
    const stem = file?.[2] || "index";
    const ext = file?.[3] ?? ".html";
    for (const name of [`${stem}_1`, `${stem}_2`, `${stem}-2`, "page_2", "page-2", "2"]) {
      add((u) => {
        u.pathname = `${dir}${name}${ext}`;
      });
    }
    add((u) => {
      u.pathname = `${dir.replace(/\/$/, "")}/page/2`;
    });
  }
  for (const key of ["page", "pageNo", "pageNum", "pageIndex", "curPage", "p", "pn"]) {
    const value = listing.searchParams.get(key);
    if (value !== null && !/^\d+$/.test(value)) continue;
    add((u) => u.searchParams.set(key, String(value === null ? 2 : Number(value) + 1)));
  }
  return out;
}

/** The next page a CMS pager script would link to (pages numbered from 0: index, index_1 …). */
function scriptedNextPage(html: string, listing: URL): string | null {
  const m = PAGER_SCRIPT.exec(html);
  if (!m) return null;
  const [count, current, stem, ext] = [Number(m[1]), Number(m[2]), m[3], m[4]];
  if (current + 1 >= count) return null;
  const url = new URL(`${stem}_${current + 1}.${ext}`, listing);
  return url.host === listing.host ? url.href : null;
}
