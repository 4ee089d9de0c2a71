import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.ts";
import { SourcePoller } from "../../src/sources/source-poller.ts";
import { migrateToLatest, openDatabase } from "../../src/storage/database.ts";
import { tempDir } from "../helpers/corpus.ts";
import { recordingLogger } from "./poller-harness.ts";

/** C0 and C1 controls (CSI is U+009B), DEL and bidi overrides: none may reach a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none reach a terminal
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** A content type carrying a single-byte CSI (clear screen): Node's server lets it through as latin1. */
const HOSTILE_TYPE = "application/x-\u009b2J\u009b31mevil";
const TITLE = "关于县十八届人大二次会议第12号建议的答复";

/** A site whose listing is fine but whose item, and a second listing, answer with a hostile header. */
async function hostileSite() {
  const server = http.createServer((req, res) => {
    if (req.url === "/col/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(`<ul><li><a href="/art/1.html">${TITLE}</a></li></ul>`);
    }
    res.writeHead(200, { "content-type": HOSTILE_TYPE }).end("x");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    listing: `${origin}/col/index.html`,
    badListing: `${origin}/bad/index.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe("a hostile site", () => {
  it("cannot put terminal escapes into the poller's log lines", async () => {
    const site = await hostileSite();
    const temp = tempDir("dafu-hostile-");
    const db = openDatabase(path.join(temp.dir, "dafu.sqlite"));
    cleanup.push(site.close, temp.cleanup, () => db.destroy());
    await migrateToLatest(db);
    const log = recordingLogger();
    const poller = new SourcePoller({
      db,
      sources: [site.listing, site.badListing],
      intervalMs: 60_000,
      maxListingPages: 2,
      maxPageBytes: 100_000,
      timeoutMs: 2000,
      politenessMs: 0,
      log,
    });
    const reports = await poller.pollDue();
    expect(reports.map((r) => r.status)).toEqual(["polled", "failed"]);
    expect(reports[1]?.error).toMatch(/^not HTML \(application\/x-/);
    const warned = log.lines.filter((l) => l.level === "warn");
    // The skipped item and the failing source were both logged, with their addresses…
    expect(warned.map((l) => String(l.fields.address)).sort()).toEqual(
      [site.listing.replace("/col/index.html", "/art/1.html"), site.badListing].sort(),
    );
    // …and nothing the site sent can drive the terminal the log is read on.
    for (const line of warned) {
      expect(JSON.stringify(line.fields)).toMatch(/not HTML/);
      for (const value of Object.values(line.fields)) expect(String(value)).not.toMatch(CONTROL);
    }
  });

  it("cannot make the poller read an endless body: the transfer stops at the size cap", async () => {
    let written = 0;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      if (req.url === "/col/index.html") {
        return void res.end(`<ul><li><a href="/art/endless.html">${TITLE}</a></li></ul>`);
      }
      // No content-length: chunk after chunk until the client hangs up.
      const chunk = Buffer.alloc(64 * 1024, "<p>答复</p>");
      const more = () => {
        while (!res.destroyed && written < 200 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
      };
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const temp = tempDir("dafu-hostile-");
    const db = openDatabase(path.join(temp.dir, "dafu.sqlite"));
    cleanup.push(
      () => new Promise<void>((resolve) => server.close(() => resolve())),
      temp.cleanup,
      () => db.destroy(),
    );
    await migrateToLatest(db);
    const log = recordingLogger();
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [report] = await new SourcePoller({
      db,
      sources: [`${origin}/col/index.html`],
      intervalMs: 60_000,
      maxListingPages: 1,
      maxPageBytes: 200_000,
      timeoutMs: 60_000,
      politenessMs: 0,
      log,
    }).pollDue();
    expect(report?.pages).toEqual({ skipped: 1 });
    const warned = log.lines.find((l) => l.fields.address === `${origin}/art/endless.html`);
    expect(warned?.fields.reason).toBe("larger than 200000 bytes");
    // The server stopped well short of its 200 MB: the poller hung up.
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it("cannot put terminal escapes into the sources listing", async () => {
    const site = await hostileSite();
    const temp = tempDir("dafu-hostile-cli-");
    cleanup.push(site.close, temp.cleanup);
    const env = {
      DAFU_DATA_DIR: path.join(temp.dir, "data"),
      DAFU_CORPUS_DIR: path.join(temp.dir, "empty"),
      DAFU_LOG_LEVEL: "silent",
      DAFU_SOURCES: `${site.listing},${site.badListing}`,
    };
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l) }, env);
      return out.join("\n");
    };
    const once = await run("sources", "--once");
    expect(once).toContain("not HTML (application/x-");
    const listed = await run("sources");
    expect(listed).toContain("上次错误：not HTML (application/x-");
    const json = await run("sources", "--json");
    for (const text of [once, listed, json]) expect(text).not.toMatch(CONTROL);
  });
});
