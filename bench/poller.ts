/**
 * The disclosure-column poller's figures, against the fixture site (served
 * by a child process, so its work stays out of the CPU figure):
 *   1. pages per minute under the politeness rule (default: one request per
 *      second per host), a first poll of a column of `--pages` new replies;
 *   2. CPU time (process.cpuUsage, user + system) of one poll of a column
 *      listing `--known` pages that are all known and unchanged (every
 *      listing page and item page answers 304), with the politeness pause
 *      set to 0 so the figure is the poller's own cost, not its waiting.
 *
 *   npm run bench:poller [-- --pages 30 --known 1000 --json]
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createLogger } from "../src/logger.ts";
import { SourcePoller } from "../src/sources/source-poller.ts";
import type { RoundReport } from "../src/sources/source-round.ts";
import { type Database, migrateToLatest, openDatabase } from "../src/storage/database.ts";
import { startDisclosureSite } from "../test/fakes/disclosure-site.ts";

interface SiteSpec {
  readonly generated: number;
  readonly pageSize: number;
}

/** Child mode: serve the fixture sites and report their listing addresses. */
async function serve(specs: readonly SiteSpec[]): Promise<void> {
  const sites = await Promise.all(specs.map((s) => startDisclosureSite(s)));
  process.send?.({ listings: sites.map((s) => s.listing) });
  process.on("disconnect", () => process.exit(0));
}

async function startSites(specs: readonly SiteSpec[]) {
  const child = fork(import.meta.filename, ["--serve", JSON.stringify(specs)], {
    stdio: "inherit",
  });
  const listings = await new Promise<string[]>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { listings: string[] }).listings));
    child.once("exit", (code) => reject(new Error(`site exited with ${code}`)));
  });
  return { listings, stop: () => child.kill() };
}

function poller(db: Database, listing: string, politenessMs?: number): SourcePoller {
  return new SourcePoller({
    db,
    sources: [listing],
    intervalMs: 900_000,
    maxListingPages: 50,
    maxPageBytes: 5 * 1024 * 1024,
    timeoutMs: 30_000,
    log: createLogger("warn"),
    ...(politenessMs === undefined ? {} : { politenessMs }),
  });
}

async function freshDatabase(dir: string, name: string): Promise<Database> {
  const db = openDatabase(path.join(dir, `${name}.sqlite`));
  await migrateToLatest(db);
  return db;
}

function count(report: RoundReport | undefined): number {
  const pages = Object.values(report?.pages ?? {}).reduce((a, b) => a + (b ?? 0), 0);
  return pages + (report?.listingPages ?? 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pages: { type: "string", default: "30" },
      known: { type: "string", default: "1000" },
      json: { type: "boolean", default: false },
      serve: { type: "string" },
    },
  });
  if (values.serve) return serve(JSON.parse(values.serve) as SiteSpec[]);
  const pages = Number(values.pages);
  const known = Number(values.known);
  const sites = await startSites([
    { generated: pages, pageSize: pages },
    { generated: known, pageSize: 100 },
  ]);
  const dir = mkdtempSync(path.join(tmpdir(), "dafu-bench-poller-"));
  try {
    // 1. Pages per minute at the default politeness (1 s between requests to the host).
    const politeDb = await freshDatabase(dir, "polite");
    let started = performance.now();
    const [polite] = await poller(politeDb, sites.listings[0] ?? "").pollDue();
    const politeMs = performance.now() - started;
    const requests = count(polite);
    await politeDb.destroy();

    // 2. CPU of a poll of `known` unchanged pages (all 304), after a first poll stored them.
    const db = await freshDatabase(dir, "known");
    started = performance.now();
    const [first] = await poller(db, sites.listings[1] ?? "", 0).pollOnce();
    const firstMs = performance.now() - started;
    const cpu = process.cpuUsage();
    started = performance.now();
    const [again] = await poller(db, sites.listings[1] ?? "", 0).pollOnce();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await db.destroy();
    const cpuMs = (used.user + used.system) / 1000;
    const result = {
      politeness: {
        requests,
        added: polite?.pages.added ?? 0,
        seconds: +(politeMs / 1000).toFixed(1),
        // Gaps between requests: the first one waits for nothing.
        pagesPerMinute: +(((requests - 1) / politeMs) * 60_000).toFixed(1),
      },
      firstPollOfKnown: {
        added: first?.pages.added ?? 0,
        seconds: +(firstMs / 1000).toFixed(1),
      },
      unchangedPoll: {
        pages: known,
        listingPages: again?.listingPages ?? 0,
        notModified: again?.pages["not-modified"] ?? 0,
        ingested: (again?.pages.added ?? 0) + (again?.pages.revised ?? 0),
        cpuMs: Math.round(cpuMs),
        cpuMsPerPage: +(cpuMs / known).toFixed(3),
        wallSeconds: +(wallMs / 1000).toFixed(2),
      },
    };
    if (values.json) console.log(JSON.stringify(result));
    else report(result);
  } finally {
    sites.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r: {
  politeness: { requests: number; added: number; seconds: number; pagesPerMinute: number };
  firstPollOfKnown: { added: number; seconds: number };
  unchangedPoll: Record<string, number>;
}): void {
  const u = r.unchangedPoll;
  console.log(
    [
      `Politeness (1 request/s per host): ${r.politeness.requests} requests (${r.politeness.added} replies added) in ${r.politeness.seconds} s = ${r.politeness.pagesPerMinute} pages/min`,
      `First poll of ${u.pages} new pages (no pause): ${r.firstPollOfKnown.added} added in ${r.firstPollOfKnown.seconds} s`,
      `Poll of ${u.pages} known, unchanged pages: ${u.listingPages} listing pages, ${u.notModified} × 304, ${u.ingested} ingested; CPU ${u.cpuMs} ms (${u.cpuMsPerPage} ms/page), wall ${u.wallSeconds} s without politeness pauses`,
    ].join("\n"),
  );
}

await main();
