import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_POLITENESS_MS } from "../../src/sources/politeness.ts";
import { SourcePoller } from "../../src/sources/source-poller.ts";
import { sourceStatuses } from "../../src/storage/source.repository.ts";
import { pollerHarness, storedSources } from "./poller-harness.ts";

type Harness = Awaited<ReturnType<typeof pollerHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Gaps between consecutive arrivals at the server, in ms. */
function arrivalGaps(at: readonly number[]): number[] {
  const sorted = [...at].sort((a, b) => a - b);
  return sorted.slice(1).map((t, i) => t - (sorted[i] ?? 0));
}

describe("politeness, claims and back-off", () => {
  it("never sends two requests to one host less than a second apart, even for two sources on it", async () => {
    h = await pollerHarness({ generated: 4, pageSize: 2 });
    const secondListing = h.site.listing.replace("index.html", "index_1.html");
    // The default politeness: no override.
    const poller = new SourcePoller({
      db: h.db,
      sources: [h.site.listing, secondListing],
      intervalMs: h.intervalMs,
      maxListingPages: 10,
      maxPageBytes: 1024 * 1024,
      timeoutMs: 5000,
      log: h.log,
      now: () => h?.clock.now ?? 0,
    });
    const reports = await poller.pollDue();
    expect(reports.map((r) => r.status)).toEqual(["polled", "polled"]);
    expect(await storedSources(h.db)).toHaveLength(4);
    const gaps = arrivalGaps(h.site.requests.map((r) => r.at));
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DEFAULT_POLITENESS_MS);
    // A page both sources list was fetched once in the pass.
    const paths = h.site.requests.map((r) => r.path).filter((p) => p.startsWith("/art/"));
    expect(paths).toHaveLength(4);
    expect(new Set(paths).size).toBe(paths.length);
  }, 30_000);

  it("two pollers on two database handles, polling two sources on one host, still take turns a second apart", async () => {
    h = await pollerHarness({ generated: 4, pageSize: 2 });
    const secondListing = h.site.listing.replace("index.html", "index_1.html");
    const other = await h.open();
    // Each poller has one of the sources, and the default politeness.
    const options = { politenessMs: undefined, timeoutMs: 5000 };
    const first = h.poller({ ...options, sources: [h.site.listing] });
    const second = h.poller({ ...options, db: other, sources: [secondListing] });
    const reports = await Promise.all([first.pollDue(), second.pollDue()]);
    expect(reports.map((r) => r[0]?.status)).toEqual(["polled", "polled"]);
    const gaps = arrivalGaps(h.site.requests.map((r) => r.at));
    expect(gaps.length).toBeGreaterThanOrEqual(6);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DEFAULT_POLITENESS_MS);
  }, 30_000);

  it("two pollers on two database handles in one round never fetch the same page twice", async () => {
    h = await pollerHarness();
    const other = await h.open();
    const first = h.poller();
    const second = h.poller({ db: other });
    const reports = await Promise.all([first.pollDue(), second.pollDue()]);
    const statuses = reports.map((r) => r[0]?.status).sort();
    expect(statuses).toEqual(["busy", "polled"]);
    const paths = h.site.requests.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    // Later in the same round (before the interval passed) neither polls it again.
    const again = await Promise.all([first.pollDue(), second.pollDue()]);
    expect(again.map((r) => r[0]?.status)).toEqual(["resting", "resting"]);
    expect(h.site.requests.length).toBe(paths.length);
  });

  it("backs a failing source off, doubling up to a day, reports it, and recovers", async () => {
    h = await pollerHarness();
    const dayMs = 24 * 3600 * 1000;
    const poller = h.poller({ intervalMs: 5 * 3600 * 1000 });
    h.site.setDown(true);
    const [failed] = await poller.pollDue();
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toBe("HTTP 503");
    let [status] = await sourceStatuses(h.db, [h.site.listing]);
    expect(status?.consecutive_failures).toBe(1);
    expect(status?.next_poll_at).toBe(h.clock.now + 10 * 3600 * 1000);
    expect(
      h.log.lines.some(
        (l) => l.message.includes("backed off") && l.fields.address === h?.site.listing,
      ),
    ).toBe(true);
    // Not due yet: no request at all.
    h.clock.now += 5 * 3600 * 1000;
    const sent = h.site.requests.length;
    expect((await poller.pollDue())[0]?.status).toBe("resting");
    expect((await poller.pollOnce())[0]?.status).toBe("resting");
    expect(h.site.requests.length).toBe(sent);
    h.clock.now += 5 * 3600 * 1000;
    await poller.pollDue();
    [status] = await sourceStatuses(h.db, [h.site.listing]);
    expect(status?.consecutive_failures).toBe(2);
    expect(status?.next_poll_at).toBe(h.clock.now + 20 * 3600 * 1000);
    h.clock.now += 20 * 3600 * 1000;
    await poller.pollDue();
    [status] = await sourceStatuses(h.db, [h.site.listing]);
    expect(status?.consecutive_failures).toBe(3);
    expect(status?.next_poll_at).toBe(h.clock.now + dayMs);
    h.site.setDown(false);
    h.clock.now += dayMs;
    expect((await poller.pollDue())[0]?.status).toBe("polled");
    [status] = await sourceStatuses(h.db, [h.site.listing]);
    expect(status?.consecutive_failures).toBe(0);
    expect(status?.last_success_at).toBe(h.clock.now);
    expect(status?.last_error).toBe("HTTP 503");
    expect(status?.replies_ingested).toBe(5);
    expect(status?.replyPages).toBe(5);
  });

  it("pollOnce polls a source even before its interval passed, but only once per call", async () => {
    h = await pollerHarness();
    const poller = h.poller();
    await poller.pollDue();
    h.clock.now += 1000;
    const [once] = await poller.pollOnce();
    expect(once?.status).toBe("polled");
    expect(once?.pages["not-modified"]).toBeGreaterThan(0);
  });

  it("runs on its own once started, and stops mid-round giving its claim back", async () => {
    h = await pollerHarness();
    const poller = h.poller({ politenessMs: undefined });
    poller.start();
    await vi.waitFor(() => expect(h?.site.requests.length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
    });
    await poller.stop();
    const sent = h.site.requests.length;
    const [status] = await sourceStatuses(h.db, [h.site.listing]);
    expect(status?.claimed_by).toBeNull();
    // Not finished: no success recorded, so the next poller polls it at once.
    expect(status?.last_success_at).toBeNull();
    expect(h.site.requests.length).toBe(sent);
  }, 20_000);
});
