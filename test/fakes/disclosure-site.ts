import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  fixtureItems,
  generatedItems,
  type Item,
  LISTING_DIR,
  listingHtml,
  readFixture,
  sendHtml,
  type ValidatorMode,
} from "./disclosure-site-pages.ts";

export type { ValidatorMode };

/**
 * A local government disclosure column (建议提案办理) on 127.0.0.1: a paged
 * listing with navigation, breadcrumbs and scripts; reply pages in several
 * layouts (one in GBK); a news item and a statistics notice; a broken page
 * (500); a page that changes when told; a slow page; a PDF; a page of
 * binary bytes labelled HTML; a redirect on
 * the host and one off it; and a link to another host. It records every
 * request with its arrival time, so tests check politeness from the
 * server's side.
 */

/** Options of {@link startDisclosureSite}. */
export interface DisclosureSiteOptions {
  readonly validators?: ValidatorMode;
  /** Items per listing page. Default 4. */
  readonly pageSize?: number;
  /** How long the slow page stalls before answering. Default 10 s. */
  readonly slowMs?: number;
  /** Address of another host the column links and redirects to. */
  readonly otherOrigin?: string;
  /** Generated reply pages instead of the fixture items (figures). */
  readonly generated?: number;
}

/** One request the site received. */
export interface SiteRequest {
  readonly path: string;
  /** performance.now() at arrival. */
  readonly at: number;
  readonly conditional: boolean;
  status: number;
}

/** A running fake site. */
export interface DisclosureSite {
  readonly origin: string;
  /** Address of the listing's first page (what `DAFU_SOURCES` names). */
  readonly listing: string;
  readonly requests: SiteRequest[];
  /** Adds a new reply at the top of the listing; returns its address. */
  publishNewReply(): string;
  /** Changes the content of the reply page that changes. */
  reviseChangingPage(): void;
  /** Makes every response a 503 (true) or normal again (false). */
  setDown(down: boolean): void;
  /** Addresses of the item pages that are replies (as linked from the listing). */
  replyAddresses(): string[];
  close(): Promise<void>;
}

/** Starts the site on 127.0.0.1, port 0. */
export async function startDisclosureSite(
  options: DisclosureSiteOptions = {},
): Promise<DisclosureSite> {
  const mode = options.validators ?? "etag";
  const pageSize = options.pageSize ?? 4;
  const requests: SiteRequest[] = [];
  const items: Item[] = options.generated
    ? generatedItems(options.generated)
    : fixtureItems(options.otherOrigin ?? "http://other.invalid", options.slowMs ?? 10_000);
  const replies = new Set(items.filter((i) => /(答复|复函)$/.test(i.title) && !i.href));
  let down = false;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://site");
    const conditional = Boolean(req.headers["if-none-match"] || req.headers["if-modified-since"]);
    const entry: SiteRequest = {
      path: url.pathname,
      at: performance.now(),
      conditional,
      status: 0,
    };
    requests.push(entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
    });
    if (down) return void res.writeHead(503).end("busy");
    const listingPage = listingPageNumber(url.pathname);
    if (listingPage !== null && listingPage * pageSize < Math.max(items.length, 1)) {
      const html = listingHtml(items, listingPage, pageSize);
      return sendHtml(req, res, mode, html, "listing", 0);
    }
    const item = items.find((i) => i.path === url.pathname && !i.href);
    if (!item) return void res.writeHead(404).end("not found");
    if (item.serve) return item.serve(req, res, item);
    const charset = item.file?.includes("gbk") ? "gbk" : "utf-8";
    const bytes = readFixture(item.file ?? "", item.version);
    sendHtml(req, res, mode, bytes, item.path, item.version, charset);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let added = 0;
  return {
    origin,
    listing: `${origin}${LISTING_DIR}index.html`,
    requests,
    publishNewReply() {
      const item: Item = {
        path: `/art/2024/9/2/art_new_${++added}.html`,
        title: "临安区农业农村局关于区政协十二届三次会议第107号提案的答复",
        file: "reply-farm.html",
        version: 0,
      };
      items.unshift(item);
      replies.add(item);
      return `${origin}${item.path}`;
    },
    reviseChangingPage() {
      const item = items.find((i) => i.path.includes("changing"));
      if (item) item.version++;
    },
    setDown(value) {
      down = value;
    },
    replyAddresses: () => items.filter((i) => replies.has(i)).map((i) => `${origin}${i.path}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Page 0 is index.html, then index_1.html … (the numbering many CMSs use). */
function listingPageNumber(pathname: string): number | null {
  if (pathname === LISTING_DIR || pathname === `${LISTING_DIR}index.html`) return 0;
  const m = new RegExp(`^${LISTING_DIR}index_(\\d+)\\.html$`).exec(pathname);
  return m ? Number(m[1]) : null;
}

/** A second host that must never be contacted: it records every request it gets. */
export async function startOtherHost(): Promise<{
  origin: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/html" }).end("<p>elsewhere</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
