import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The pages of the fake disclosure column (see disclosure-site.ts): the
 * fixture items, generated replies for figures, the listing page, and
 * responses with ETag / Last-Modified validators.
 */

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../fixtures/disclosure-site",
);

/** Where the listing lives on the fake site. */
export const LISTING_DIR = "/xxgk/jytabl/";

/** How the site tells clients a page's version. */
export type ValidatorMode = "etag" | "last-modified" | "none";

/** One item page of the column. */
export interface Item {
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

/** The fixture items, in listing order. */
export function fixtureItems(other: string, slowMs: number): Item[] {
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
export function generatedItems(count: number): Item[] {
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

/** A fixture file; the changing page shows a figure that depends on its version. */
export function readFixture(file: string, version: number): Buffer {
  const bytes = readFileSync(path.join(FIXTURES, file));
  if (!file.includes("housing")) return bytes;
  return Buffer.from(bytes.toString("utf-8").replace("{{LIFTS}}", String(118 + 8 * version)));
}

/** One listing page: navigation, breadcrumbs, scripts, items, a pager. */
export function listingHtml(items: readonly Item[], page: number, pageSize: number): string {
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

/** Sends a page with the mode's validators, or 304 when the request names the current version. */
export function sendHtml(
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
