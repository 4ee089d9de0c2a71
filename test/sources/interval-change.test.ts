import { afterEach, describe, expect, it } from "vitest";
import { pollerHarness } from "./poller-harness.ts";

type Harness = Awaited<ReturnType<typeof pollerHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("a shorter DAFU_SOURCE_INTERVAL_S after a restart", () => {
  it("holds at once: the source is due one new interval after its last round, not at the old time", async () => {
    h = await pollerHarness();
    const before = h.poller({ intervalMs: 900_000 });
    const [first] = await before.pollDue();
    expect(first?.status).toBe("polled");
    h.clock.now += 60_000;
    const after = h.poller({ intervalMs: 60_000 });
    const [second] = await after.pollDue();
    expect(second?.status).toBe("polled");
  });

  it("a source not yet due under either interval still rests", async () => {
    h = await pollerHarness();
    await h.poller({ intervalMs: 900_000 }).pollDue();
    h.clock.now += 30_000;
    const [second] = await h.poller({ intervalMs: 60_000 }).pollDue();
    expect(second?.status).toBe("resting");
  });
});
