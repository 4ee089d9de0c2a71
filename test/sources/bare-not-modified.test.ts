import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { pollerHarness } from "./poller-harness.ts";

const REPLY = readFileSync(
  path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "../fixtures/disclosure-site/reply-farm.html",
  ),
);
const MODIFIED = new Date(Date.UTC(2024, 8, 1)).toUTCString();

/**
 * A site like Python's http.server and many others: Last-Modified on a 200,
 * a bare 304 (no validators repeated) when the page has not changed.
 */
async function bareSite() {
  const requests: { path: string; conditional: boolean }[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://site");
    const conditional = req.headers["if-modified-since"] === MODIFIED;
    requests.push({ path: url.pathname, conditional });
    if (conditional) return void res.writeHead(304).end();
    const body =
      url.pathname === "/col/index.html"
        ? Buffer.from(
            '<html><body><ul><li><a href="/col/t1.html">某局关于第7号提案的答复</a></li></ul></body></html>',
          )
        : REPLY;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "last-modified": MODIFIED });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { listing: `${origin}/col/index.html`, requests, close };
}

type Harness = Awaited<ReturnType<typeof pollerHarness>>;
let h: Harness | undefined;
let site: Awaited<ReturnType<typeof bareSite>> | undefined;
afterEach(async () => {
  await h?.close();
  await site?.close();
  h = undefined;
  site = undefined;
});

describe("a 304 without validators", () => {
  it("keeps the page's Last-Modified, so every later round still asks conditionally", async () => {
    h = await pollerHarness();
    site = await bareSite();
    const poller = h.poller({ sources: [site.listing] });
    for (let round = 0; round < 4; round++) {
      await poller.pollDue();
      h.clock.now += h.intervalMs;
    }
    const item = site.requests.filter((r) => r.path === "/col/t1.html");
    expect(item.map((r) => r.conditional)).toEqual([false, true, true, true]);
  });
});
