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
      "下一页 followed by arrows",
      "http://s.gov.cn/col/index.html",
      `<a href="list_b.html">下一页 &gt;&gt;</a><a href="list_z.html">尾页</a>`,
      "http://s.gov.cn/col/list_b.html",
    ],
    [
      "a bracketed [下一页]",
      "http://s.gov.cn/col/index.html",
      `<a href="more.jsp?p=2">[下一页]</a>`,
      "http://s.gov.cn/col/more.jsp?p=2",
    ],
    [
      "a lone » arrow",
      "http://s.gov.cn/col/index.html",
      `<a href="list_b.html">»</a>`,
      "http://s.gov.cn/col/list_b.html",
    ],
    [
      "a query page number with the parameters in another order",
      "http://s.gov.cn/list.jsp?page=2&cid=12",
      `<a href="list.jsp?cid=12&amp;page=1">1</a><a href="list.jsp?cid=12&amp;page=3">3</a>`,
      "http://s.gov.cn/list.jsp?cid=12&page=3",
    ],
    [
      "a /page/2/ folder",
      "http://s.gov.cn/jyta/",
      `<a href="/jyta/page/2/">2</a>`,
      "http://s.gov.cn/jyta/page/2/",
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

  it("reads a <ul> of dated items with ./ links and a table of ../../ links cut short (full title in title=)", () => {
    const ul = page(`<ul class="list">
<li><span class="date">2024-09-01</span><a href="./202409/t20240901_123.html" target="_blank">${TITLE}</a></li>
<li><a href="./202408/t20240820_99.html">${TITLE.replace("12", "13")}</a><em>2024-08-20</em></li></ul>
<div class="page"><a href="index_1.html">下一页&gt;</a><a href="index_9.html">尾页</a></div>`);
    expect(readListing(ul, "http://www.s.gov.cn/zwgk/jyta/index.html")).toEqual({
      pages: [
        "http://www.s.gov.cn/zwgk/jyta/202409/t20240901_123.html",
        "http://www.s.gov.cn/zwgk/jyta/202408/t20240820_99.html",
      ],
      next: "http://www.s.gov.cn/zwgk/jyta/index_1.html",
    });
    const table =
      page(`<table><tr><td><a href="../../art/2024/9/1/art_1229_55.html" title="${TITLE}">关于县十八届…</a></td><td>2024-09-01</td></tr>
<tr><td><a href="../../art/2024/8/1/art_1229_54.html">${TITLE}</a></td><td>2024-08-01</td></tr></table>`);
    expect(readListing(table, "http://s.gov.cn/col/col1229/index.html").pages).toEqual([
      "http://s.gov.cn/art/2024/9/1/art_1229_55.html",
      "http://s.gov.cn/art/2024/8/1/art_1229_54.html",
    ]);
  });

  it("keeps an item whose address looks like the next page's when its text is a title", () => {
    const html = page(`<a href="2.html">${TITLE}</a><a href="list_b.html">下一页</a>`);
    expect(readListing(html, "http://s.gov.cn/col/index.html")).toEqual({
      pages: ["http://s.gov.cn/col/2.html"],
      next: "http://s.gov.cn/col/list_b.html",
    });
  });

  it("reads records a CMS keeps in a text/xml data script (CDATA), but not anchors in program scripts", () => {
    const html = page(`<div id="list"><script type="text/xml"><datastore><recordset>
<record><![CDATA[<li><a href="/art/2024/9/1/art_1229_55.html" target="_blank">${TITLE}</a><span>2024-09-01</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/8/1/art_1229_54.html">${TITLE.replace("12", "13")}</a></li>]]></record>
</recordset></datastore></script></div>
<script type="text/javascript">document.write('<a href="/art/js.html">${TITLE}</a>');</script>`);
    expect(readListing(html, "http://s.gov.cn/col/col1229/index.html").pages).toEqual([
      "http://s.gov.cn/art/2024/9/1/art_1229_55.html",
      "http://s.gov.cn/art/2024/8/1/art_1229_54.html",
    ]);
  });

  it("resolves links against <base href>", () => {
    const html = `<html><head><base href="http://s.gov.cn/col/"></head><body><a href="art/9.html">${TITLE}</a></body></html>`;
    expect(readListing(html, "http://s.gov.cn/col/index.html").pages).toEqual([
      "http://s.gov.cn/col/art/9.html",
    ]);
  });
});
