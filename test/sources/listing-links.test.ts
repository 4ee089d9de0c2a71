import { describe, expect, it } from "vitest";
import { readListing } from "../../src/sources/listing-links.ts";

const TITLE = "关于县十八届人大二次会议第12号建议的答复";

function page(body: string): string {
  return `<html><head><script>var a = "<a href='/x.html'>${TITLE}</a>";</script></head><body>
<div class="nav"><a href="/">首页</a><a href="/xxgk/">政务公开</a></div>${body}</body></html>`;
}

describe("readListing", () => {
  it("keeps titled links on the listing's host, in order, once; drops navigation, other hosts and files", () => {
    const html = page(`<ul>
<li><a href="../art/1.html">${TITLE}</a></li>
<li><a href="https://elsewhere.example.org/art/2.html">${TITLE}（外站）</a></li>
<li><a href="/art/3.html" title="${TITLE}">关于…的答复</a></li>
<li><a href="../jyta/../art/1.html#top">${TITLE}</a></li>
<li><a href="/files/plan.pdf">2024年建议提案办理工作方案全文下载</a></li>
<li><a href="javascript:void(0)">${TITLE}</a></li>
<li><a href="//site.example.gov.cn:8080/art/4.html">${TITLE}</a></li></ul>`);
    const links = readListing(html, "http://site.example.gov.cn/col/jyta/index.html");
    expect(links.pages).toEqual([
      "http://site.example.gov.cn/col/art/1.html",
      "http://site.example.gov.cn/art/3.html",
    ]);
    expect(links.next).toBeNull();
  });

  it.each([
    [
      "a 下一页 link",
      "http://s.gov.cn/col/index.html",
      `<a href="list_b.html">下一页</a>`,
      "http://s.gov.cn/col/list_b.html",
    ],
    [
      "page numbering index_1",
      "http://s.gov.cn/col/index.html",
      `<a href="index_1.html">2</a>`,
      "http://s.gov.cn/col/index_1.html",
    ],
    [
      "page_2 after page 1",
      "http://s.gov.cn/col/page_1.html",
      `<a href="page_3.html">3</a><a href="page_2.html">2</a>`,
      "http://s.gov.cn/col/page_2.html",
    ],
    [
      "a query page number",
      "http://s.gov.cn/list?cat=7&page=2",
      `<a href="/list?cat=7&amp;page=3">3</a>`,
      "http://s.gov.cn/list?cat=7&page=3",
    ],
    [
      "a first page without a number",
      "http://s.gov.cn/list?cat=7",
      `<a href="?cat=7&amp;page=2">2</a>`,
      "http://s.gov.cn/list?cat=7&page=2",
    ],
    [
      "a CMS pager script",
      "http://s.gov.cn/col/index_2.html",
      `<script>createPageHTML(5, 2, "index", "html");</script>`,
      "http://s.gov.cn/col/index_3.html",
    ],
  ])("finds the next page from %s", (_label, address, pager, next) => {
    expect(readListing(page(pager), address).next).toBe(next);
  });

  it("has no next page on the last page of a pager script, and ignores a 下一页 to another host", () => {
    const last = `<script>createPageHTML(3, 2, "index", "html");</script>`;
    expect(readListing(page(last), "http://s.gov.cn/col/index_2.html").next).toBeNull();
    const away = `<a href="http://other.gov.cn/col/index_1.html">下一页</a>`;
    expect(readListing(page(away), "http://s.gov.cn/col/index.html").next).toBeNull();
  });

  it("resolves links against <base href>", () => {
    const html = `<html><head><base href="http://s.gov.cn/root/"></head><body><a href="art/9.html">${TITLE}</a></body></html>`;
    expect(readListing(html, "http://s.gov.cn/col/index.html").pages).toEqual([
      "http://s.gov.cn/root/art/9.html",
    ]);
  });
});
