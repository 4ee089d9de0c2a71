import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createConsoleAlertSender } from "../../adapters/console/alert-sender.ts";
import { createAlertDispatcher } from "../../src/alerts/alert-dispatcher.ts";
import { createRateLimiter } from "../../src/alerts/rate-limiter.ts";
import { EMPTY_FILTER } from "../../src/alerts/subscription-filter.ts";
import type { AlertTables } from "../../src/storage/alert-tables.ts";
import { addSubscription } from "../../src/storage/subscription.repository.ts";
import { pollerHarness, storedSources } from "./poller-harness.ts";

type Harness = Awaited<ReturnType<typeof pollerHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("source poller against a fixture disclosure column", () => {
  it("ingests exactly the reply pages on the first poll, and logs what it skipped with the address", async () => {
    h = await pollerHarness();
    const [report] = await h.poller().pollDue();
    expect(report?.status).toBe("polled");
    expect(report?.listingPages).toBe(4);
    expect(await storedSources(h.db)).toEqual(h.site.replyAddresses().sort());
    expect(report?.pages).toMatchObject({ added: 5, "not-reply": 2, failed: 2, skipped: 3 });
    const warned = h.log.lines.filter((l) => l.level === "warn").map((l) => l.fields);
    const reasons = new Map(
      warned.map((f) => [String(f.address).replace(h?.site.origin ?? "", ""), String(f.reason)]),
    );
    expect(reasons.get("/art/2024/9/5/art_1007.html")).toBe("HTTP 500");
    expect(reasons.get("/art/2024/9/6/art_1008.html")).toMatch(/timed out/);
    expect(reasons.get("/art/2024/9/7/file_1009")).toMatch(/not HTML/);
    expect(reasons.get("/art/2024/away_1011.html")).toMatch(/redirect off the host/);
    expect(reasons.get("/art/2024/9/8/art_1012.html")).toMatch(/undecodable \(FILE_BINARY\)/);
    // Neither the link to the other host nor the redirect there was followed.
    expect(h.other.requests).toEqual([]);
    // Navigation, breadcrumbs and the footer were not fetched.
    const paths = h.site.requests.map((r) => r.path);
    expect(paths).not.toContain("/");
    expect(paths).not.toContain("/xxgk/");
    expect(paths).not.toContain("/about.html");
  });

  it("stores a new page once, a changed page as a revision, and sends conditional requests for the rest", async () => {
    h = await pollerHarness();
    const poller = h.poller();
    await poller.pollDue();
    const newAddress = h.site.publishNewReply();
    h.site.reviseChangingPage();
    h.clock.now += h.intervalMs;
    const before = h.site.requests.length;
    const [second] = await poller.pollDue();
    expect(second?.pages).toMatchObject({ added: 1, revised: 1 });
    expect(await storedSources(h.db)).toContain(newAddress);
    const housing = await h.db
      .selectFrom("reply")
      .select(["revision", "source_file"])
      .where("source_file", "like", "%changing%")
      .executeTakeFirstOrThrow();
    expect(housing.revision).toBe(2);
    const round2 = h.site.requests.slice(before);
    // Every page read last round (all but the broken and the slow one) is asked conditionally.
    const known = round2.filter((r) => /art_100[1-6]/.test(r.path));
    expect(round2.map((r) => r.path)).not.toContain("/art/2024/9/7/file_1009");
    expect(known.length).toBeGreaterThan(0);
    expect(known.every((r) => r.conditional)).toBe(true);
    // Unchanged pages answered 304; only the changed one and the new one sent a body.
    const bodies = round2.filter((r) => r.status === 200 && r.path.startsWith("/art/"));
    expect(bodies.map((r) => r.path).sort()).toEqual(
      [new URL(newAddress).pathname, "/art/2024/9/3/art_changing_1006.html"].sort(),
    );
    h.clock.now += h.intervalMs;
    const [third] = await poller.pollDue();
    expect(third?.pages.added ?? 0).toBe(0);
    expect(third?.pages.revised ?? 0).toBe(0);
    expect(third?.pages["not-modified"]).toBeGreaterThanOrEqual(8);
    const logged = await h.db.selectFrom("ingest_log").select("file").execute();
    // Every reply page was ingested once, the changed one twice: no re-ingest of unchanged content.
    expect(logged.length).toBe(5 + 1 + 1);
  });

  it.each(["last-modified", "none"] as const)(
    "with %s validators, an unchanged page is never re-ingested and a non-reply is not fetched again",
    async (validators) => {
      h = await pollerHarness({ validators });
      const poller = h.poller();
      await poller.pollDue();
      h.clock.now += h.intervalMs;
      const before = h.site.requests.length;
      const [second] = await poller.pollDue();
      expect(second?.pages.added ?? 0).toBe(0);
      expect(second?.pages.revised ?? 0).toBe(0);
      const round = h.site.requests.slice(before);
      const notReplies = round.filter((r) => /art_100[35]/.test(r.path));
      if (validators === "none") expect(notReplies).toEqual([]);
      // With Last-Modified, the news item and the notice are only asked whether they changed.
      else expect(notReplies.map((r) => r.status)).toEqual([304, 304]);
      const reply = round.filter((r) => r.path.startsWith("/art/2024/8/12/"));
      expect(reply.map((r) => r.status)).toEqual([validators === "none" ? 200 : 304]);
      h.site.reviseChangingPage();
      h.clock.now += h.intervalMs;
      const [third] = await poller.pollDue();
      expect(third?.pages.revised).toBe(1);
      expect(h.other.requests).toEqual([]);
    },
  );

  it("skips a page over the size cap and logs its address", async () => {
    h = await pollerHarness();
    await h.poller({ maxPageBytes: 2000 }).pollDue();
    const big = h.log.lines.find((l) =>
      String(l.fields.address).endsWith("/art/2024/8/12/art_1001.html"),
    );
    expect(big?.fields.reason).toMatch(/larger than 2000 bytes/);
    expect(await storedSources(h.db)).not.toContain(`${h.site.origin}/art/2024/8/12/art_1001.html`);
  });
});

describe("alerts from polled pages", () => {
  it("a new page alerts a subscriber once, a changed page alerts as a revision, an unchanged one not at all", async () => {
    h = await pollerHarness();
    await addSubscription(h.db, {
      platform: "telegram",
      chatId: "42",
      threadId: null,
      filterText: "",
      filter: EMPTY_FILTER,
      createdBy: null,
    });
    const outbox = () =>
      h?.db
        .withTables<AlertTables>()
        .selectFrom("alert_outbox")
        .select(["reply_id", "revised"])
        .orderBy("id")
        .execute() ?? [];
    const poller = h.poller();
    await poller.pollDue();
    expect((await outbox()).map((r) => r.revised)).toEqual([0, 0, 0, 0, 0]);
    h.site.publishNewReply();
    h.site.reviseChangingPage();
    h.clock.now += h.intervalMs;
    await poller.pollDue();
    const rows = await outbox();
    expect(rows).toHaveLength(7);
    expect(
      rows
        .slice(5)
        .map((r) => r.revised)
        .sort(),
    ).toEqual([0, 1]);
    const housing = await h.db
      .selectFrom("reply")
      .select("id")
      .where("source_file", "like", "%changing%")
      .executeTakeFirstOrThrow();
    expect(rows.filter((r) => r.reply_id === housing.id).map((r) => r.revised)).toEqual([0, 1]);
    h.clock.now += h.intervalMs;
    await poller.pollDue();
    expect(await outbox()).toHaveLength(7);
  });

  it("the console alert shows a new page as new and a changed page as 已更新, each with its page address", async () => {
    h = await pollerHarness();
    await addSubscription(h.db, {
      platform: "console",
      chatId: "console",
      threadId: null,
      filterText: "",
      filter: EMPTY_FILTER,
      createdBy: null,
    });
    const printed: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        printed.push(String(chunk));
        done();
      },
    });
    const dispatcher = createAlertDispatcher({
      db: h.db,
      senders: [createConsoleAlertSender(output)],
      limiters: {
        console: createRateLimiter({
          perSecond: 100_000,
          perChatIntervalMs: 0,
          perGroupPerMinute: null,
        }),
      },
    });
    // Gather window off: this test is about what the alert says, and one round sends what is due now.
    const poller = h.poller({ gatherMs: 0 });
    await poller.pollDue();
    await dispatcher.runOnce();
    printed.length = 0;
    const changing = h.site.replyAddresses().find((a) => a.includes("changing")) ?? "";
    const added = h.site.publishNewReply();
    h.site.reviseChangingPage();
    h.clock.now += h.intervalMs;
    await poller.pollDue();
    await dispatcher.runOnce();
    // One alert each, or one digest of both (the renderer's choice): each reply's block says which it is.
    const text = printed.join("");
    expect(text).toMatch(/新答复/);
    expect(text).toMatch(/已更新/);
    const blocks = text.split(/\n\n+/);
    const revised = blocks.filter((b) => b.includes(changing));
    const fresh = blocks.filter((b) => b.includes(added));
    expect(revised).toHaveLength(1);
    expect(fresh).toHaveLength(1);
    expect(revised[0]).toMatch(/已更新/);
    expect(fresh[0]).not.toMatch(/已更新/);
    // Nothing else was printed: unchanged pages alert no one.
    expect(blocks.filter((b) => b.includes("打开答复"))).toHaveLength(2);
  });
});
