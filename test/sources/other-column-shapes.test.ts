import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_BACKOFF_MS } from "../../src/sources/source-poller.ts";
import { sourceStatuses } from "../../src/storage/source.repository.ts";
import { FIXTURES } from "../fakes/disclosure-site-pages.ts";
import { pollerHarness, storedSources } from "./poller-harness.ts";

/**
 * Columns shaped unlike the fixture site: a JSP listing paged with
 * `?page=N` (next link "下一页 >"), items in a <ul> with their dates before
 * the link, and item links relative to the listing (../../art/…).
 */

const REPLIES = ["reply-water.html", "reply-school.html", "reply-farm.html"];

function titleOf(file: string): string {
  const html = readFileSync(`${FIXTURES}/${file}`, "utf-8");
  return /<title>([^<]+)<\/title>/.exec(html)?.[1] ?? file;
}

/** Two listing pages of a JSP column, then the reply pages under /art/. */
async function jspColumn() {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://column");
    requests.push(`${url.pathname}${url.search}`);
    if (url.pathname === "/zwgk/jyta/list.jsp" && url.searchParams.get("cid") === "7") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const files = page === 1 ? REPLIES.slice(0, 2) : page === 2 ? REPLIES.slice(2) : [];
      const items = files.map(
        (f, i) =>
          `<li><span class="date">2024-0${page}-1${i}</span><a href="../../art/2024/${f}" target="_blank">${titleOf(f)}</a></li>`,
      );
      const next = page === 1 ? `<a href="list.jsp?page=2&amp;cid=7">下一页 &gt;</a>` : "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(
        `<html><body><div class="crumb"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div><ul class="news-list">${items.join("")}</ul><div class="pages">${next}</div></body></html>`,
      );
    }
    if (url.pathname === "/zwgk/jyta/dead-link.html") {
      // A reply, and a link to a page the site no longer has.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      const links = [
        `<li><a href="/art/2024/${REPLIES[0]}">${titleOf(REPLIES[0] ?? "")}</a></li>`,
        `<li><a href="/art/2024/withdrawn.html">关于县十八届人大二次会议第99号建议的答复</a></li>`,
      ];
      return void res.end(`<html><body><ul>${links.join("")}</ul></body></html>`);
    }
    if (url.pathname === "/zwgk/jyta/script-drawn.html") {
      // The items come later from a script this poller does not run.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(
        `<html><body><a href="/">首页</a><div id="list"></div><script>load("/api/list?cid=7")</script></body></html>`,
      );
    }
    const file = /^\/art\/2024\/([\w-]+\.html)$/.exec(url.pathname)?.[1];
    if (!file || !REPLIES.includes(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(readFileSync(`${FIXTURES}/${file}`));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    listing: `${origin}/zwgk/jyta/list.jsp?cid=7`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Harness = Awaited<ReturnType<typeof pollerHarness>>;
let h: Harness | undefined;
let column: Awaited<ReturnType<typeof jspColumn>> | undefined;
afterEach(async () => {
  await h?.close();
  await column?.close();
  h = undefined;
  column = undefined;
});

describe("columns shaped otherwise", () => {
  it("follows ?page=2 paging and relative ../../art links in a dated <ul>", async () => {
    h = await pollerHarness();
    column = await jspColumn();
    const [report] = await h.poller({ sources: [column.listing] }).pollDue();
    expect(report?.status).toBe("polled");
    expect(report?.listingPages).toBe(2);
    expect(report?.pages).toEqual({ added: 3 });
    expect(await storedSources(h.db)).toEqual(
      REPLIES.map((f) => `${column?.origin}/art/2024/${f}`).sort(),
    );
    // Only the two listing pages and the three replies: no navigation, no page 3.
    expect(column.requests).toHaveLength(5);
  });

  it("a listing without item links (drawn by a script) is polled and logged with its address", async () => {
    h = await pollerHarness();
    column = await jspColumn();
    const address = `${column.origin}/zwgk/jyta/script-drawn.html`;
    const [report] = await h.poller({ sources: [address] }).pollDue();
    expect(report).toMatchObject({ status: "polled", listingPages: 1, pages: {} });
    const warned = h.log.lines.filter((l) => l.level === "warn");
    expect(warned.map((l) => [l.message, l.fields.address])).toEqual([
      ["source listing has no item links", address],
    ]);
  });

  it("an item page that answers 404 is logged, then rests a day instead of being asked every round", async () => {
    h = await pollerHarness();
    column = await jspColumn();
    const poller = h.poller({ sources: [`${column.origin}/zwgk/jyta/dead-link.html`] });
    const [first] = await poller.pollDue();
    expect(first?.pages).toEqual({ added: 1, failed: 1 });
    const withdrawn = `${column.origin}/art/2024/withdrawn.html`;
    expect(h.log.lines.find((l) => l.fields.address === withdrawn)?.fields.reason).toBe("HTTP 404");
    const asked = () => column?.requests.filter((r) => r.endsWith("withdrawn.html")).length;
    h.clock.now += h.intervalMs;
    const [second] = await poller.pollDue();
    expect(second?.pages).toEqual({ unchanged: 1, rested: 1 });
    expect(asked()).toBe(1);
    h.clock.now += 24 * 3600 * 1000;
    await poller.pollDue();
    expect(asked()).toBe(2);
  });

  it("a listing that answers 404 for ever fails, is backed off up to a day and reported", async () => {
    h = await pollerHarness();
    const gone = `${h.site.origin}/gone/index.html`;
    const poller = h.poller({ sources: [gone] });
    for (let round = 1; round <= 12; round++) {
      const [report] = await poller.pollDue();
      expect(report?.status).toBe("failed");
      expect(report?.error).toBe("HTTP 404");
      const [status] = await sourceStatuses(h.db, [gone]);
      expect(status?.consecutive_failures).toBe(round);
      const wait = (status?.next_poll_at ?? 0) - h.clock.now;
      expect(wait).toBe(Math.min(h.intervalMs * 2 ** round, MAX_BACKOFF_MS));
      h.clock.now += wait;
    }
    // Each failed round sent one request (the listing), and was logged with its address.
    expect(h.site.requests.map((r) => r.path)).toEqual(Array(12).fill("/gone/index.html"));
    const warned = h.log.lines.filter((l) => l.message.includes("backed off"));
    expect(warned).toHaveLength(12);
    expect(warned.every((l) => l.fields.address === gone && l.fields.error === "HTTP 404")).toBe(
      true,
    );
  });
});
