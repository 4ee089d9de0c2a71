import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../fixtures/disclosure-site",
);

/** How the site tells clients a page's version. */
export type ValidatorMode = "etag" | "last-modified" | "none";

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

interface Item {
  readonly path: string;
  /** Link text in the listing; empty: not listed (reached by a redirect). */
  readonly title: string;
  /** A fixture file served as the page… */
  readonly file?: string;
  /** …or a handler of its own. */
  readonly serve?: (req: http.IncomingMessage, res: http.ServerResponse, item: Item) => void;
  /** The listing links here instead (another host). */
  readonly href?: string;
  version: number;
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

const LISTING_DIR = "/xxgk/jytabl/";

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

function fixtureItems(other: string, slowMs: number): Item[] {
  const page = (p: string, title: string, file: string): Item => ({
    path: p,
    title,
    file,
    version: 0,
  });
  const custom = (p: string, title: string, serve: Item["serve"]): Item => ({
    path: p,
    title,
    serve,
    version: 0,
  });
  return [
    page(
      "/art/2024/8/12/art_1001.html",
      "建德市水利局关于市十七届人大四次会议第58号建议的答复",
      "reply-water.html",
    ),
    page(
      "/art/2024/7/25/art_1002.html",
      "桐庐县教育局关于县政协十一届三次会议第45号提案的复函",
      "reply-school.html",
    ),
    page("/art/2024/6/4/art_1003.html", "县政府召开2024年防汛防台工作部署会", "news-flood.html"),
    page(
      "/art/2024/7/1/art_1004.html",
      "淳安县卫生健康局对县十七届人大三次会议第23号建议的答复",
      "reply-health-gbk.html",
    ),
    page(
      "/art/2024/12/2/art_1005.html",
      "2024年度人大代表建议和政协提案办理情况公告",
      "notice-statistics.html",
    ),
    page(
      "/art/2024/9/3/art_changing_1006.html",
      "富阳区住房和城乡建设局关于区十七届人大三次会议第96号建议的答复",
      "reply-housing.html",
    ),
    custom(
      "/art/2024/9/5/art_1007.html",
      "关于区十七届人大三次会议第201号建议的答复（页面维护中）",
      (_req, res) => {
        res.writeHead(500, { "content-type": "text/html" }).end("<h1>Internal Server Error</h1>");
      },
    ),
    custom(
      "/art/2024/9/6/art_1008.html",
      "关于区十七届人大三次会议第202号建议的答复（加载缓慢）",
      (_req, res) => {
        const timer = setTimeout(
          () => res.writeHead(200, { "content-type": "text/html" }).end("<p>late</p>"),
          slowMs,
        );
        res.on("close", () => clearTimeout(timer));
      },
    ),
    custom("/art/2024/9/7/file_1009", "2024年建议提案办理工作方案（附件下载）", (_req, res) => {
      res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4 not a page");
    }),
    custom(
      "/art/2024/9/8/art_1012.html",
      "关于区十七届人大三次会议第204号建议的答复（损坏的文件）",
      (_req, res) => {
        // Says HTML, holds binary: undecodable, skipped.
        const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]);
        res
          .writeHead(200, { "content-type": "text/html" })
          .end(Buffer.concat([bytes, bytes, bytes]));
      },
    ),
    custom(
      "/art/2024/moved_1010.html",
      "萧山区文化广电旅游局关于区十七届人大三次会议第130号建议的答复",
      (_req, res) => {
        res.writeHead(301, { location: "/art/2024/8/20/art_1010.html" }).end();
      },
    ),
    page("/art/2024/8/20/art_1010.html", "", "reply-culture.html"),
    custom(
      "/art/2024/away_1011.html",
      "关于区十七届人大三次会议第203号建议的答复（已迁移）",
      (_req, res) => {
        res.writeHead(302, { location: `${other}/art/away.html` }).end();
      },
    ),
    {
      path: "/external",
      title: "关于市十七届人大四次会议第77号建议的答复（外站）",
      href: `${other}/art/2024/elsewhere.html`,
      version: 0,
    },
  ];
}

/** Generated reply pages (the same layout, invented facts numbered by `i`). */
function generatedItems(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const title = `建德市水利局关于市十七届人大四次会议第${n}号建议的答复`;
    const serve: Item["serve"] = (req, res, item) => {
      const body = readFixture("reply-water.html", 0)
        .toString("utf-8")
        .replaceAll("第58号", `第${n}号`)
        .replaceAll("〔2024〕21号", `〔2024〕${n + 100}号`)
        .replaceAll("47座", `${40 + (n % 50)}座`);
      sendHtml(req, res, "etag", Buffer.from(body), item.path, 0);
    };
    return { path: `/art/2024/gen/art_${n}.html`, title, serve, version: 0 };
  });
}

function readFixture(file: string, version: number): Buffer {
  const bytes = readFileSync(path.join(FIXTURES, file));
  if (!file.includes("housing")) return bytes;
  return Buffer.from(bytes.toString("utf-8").replace("{{LIFTS}}", String(118 + 8 * version)));
}

/** Page 0 is index.html, then index_1.html … (the numbering many CMSs use). */
function listingPageNumber(pathname: string): number | null {
  if (pathname === LISTING_DIR || pathname === `${LISTING_DIR}index.html`) return 0;
  const m = new RegExp(`^${LISTING_DIR}index_(\\d+)\\.html$`).exec(pathname);
  return m ? Number(m[1]) : null;
}

function listingHtml(items: readonly Item[], page: number, pageSize: number): string {
  const shown = items.filter((i) => i.title).slice(page * pageSize, (page + 1) * pageSize);
  const rows = shown.map((i) => {
    const text = i.title;
    return `<li><a href="${i.href ?? i.path}" target="_blank" title="${text}">${text}</a><span class="date">2024-09-0${page + 1}</span></li>`;
  });
  const more = (page + 1) * pageSize < items.filter((i) => i.title).length;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>建议提案办理</title>
<script src="/static/js/jquery.min.js"></script><script>var _hmt = _hmt || [];</script></head><body>
<div class="nav"><a href="/">首页</a> <a href="/xxgk/">政务公开</a> <a href="/hdjl/">互动交流</a> <a href="https://www.zjzwfw.invalid/">政务服务网</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 建议提案办理</div>
<ul class="list">${rows.join("\n")}</ul>
<div class="pager">${page > 0 ? `<a href="${LISTING_DIR}${page === 1 ? "index" : `index_${page - 1}`}.html">上一页</a>` : ""}
${more ? `<a href="${LISTING_DIR}index_${page + 1}.html">下一页</a>` : ""}</div>
<footer><a href="/about.html">关于我们</a> 版权所有</footer></body></html>`;
}

function sendHtml(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  mode: ValidatorMode,
  body: string | Buffer,
  key: string,
  version: number,
  charset = "utf-8",
): void {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const headers: Record<string, string> = { "content-type": `text/html; charset=${charset}` };
  const etag = `"${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}"`;
  const modified = new Date(
    Date.UTC(2024, 8, 1) + version * 60_000 + key.length * 1000,
  ).toUTCString();
  if (mode === "etag") headers.etag = etag;
  if (mode === "last-modified") headers["last-modified"] = modified;
  const fresh =
    (mode === "etag" && req.headers["if-none-match"] === etag) ||
    (mode === "last-modified" && req.headers["if-modified-since"] === modified);
  if (fresh) return void res.writeHead(304, headers).end();
  res.writeHead(200, { ...headers, "content-length": String(bytes.length) }).end(bytes);
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
