import { decodeEntities } from "../html-to-text.ts";

/**
 * What the page around a reply says about it: the page title, the site
 * name and the publication date from `<title>` and `<meta>` tags. Passed to
 * the parser as a last resort for the date and the place.
 */
export interface PageContext {
  /** `<title>` or the ArticleTitle meta tag. */
  readonly title: string | null;
  /** The SiteName meta tag (often the publishing body). */
  readonly siteName: string | null;
  /** ISO date from PubDate / publishdate / firstpublishedtime meta tags. */
  readonly published: string | null;
}

/** An empty page context (plain text files). */
export const NO_PAGE: PageContext = { title: null, siteName: null, published: null };

const META = /<meta\b[^>]*>/gi;
const TITLE = /<title[^>]*>([^<]{0,500})<\/title>/i;

/** Reads the page context of an HTML document; fields it does not find are null. */
export function readPageContext(html: string): PageContext {
  const head = html.slice(0, 200_000);
  const meta = new Map<string, string>();
  for (const m of head.matchAll(META)) {
    const tag = m[0];
    const name = /\b(?:name|property)\s*=\s*["']([^"']{1,60})["']/i.exec(tag)?.[1];
    const content = /\bcontent\s*=\s*["']([^"']{0,500})["']/i.exec(tag)?.[1];
    if (name && content !== undefined) meta.set(name.toLowerCase(), clean(content));
  }
  const title = meta.get("articletitle") ?? clean(TITLE.exec(head)?.[1] ?? "");
  const date =
    meta.get("pubdate") ??
    meta.get("publishdate") ??
    meta.get("firstpublishedtime") ??
    meta.get("article:published_time") ??
    "";
  return {
    title: title || null,
    siteName: meta.get("sitename") || null,
    published: isoDay(date),
  };
}

function clean(text: string): string {
  return decodeEntities(text).replace(/\s+/g, " ").trim();
}

function isoDay(text: string): string | null {
  const m = /((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(text);
  if (!m) return null;
  return `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
}
