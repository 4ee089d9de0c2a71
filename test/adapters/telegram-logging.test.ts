import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { startTelegramHarness, type TelegramHarness } from "./telegram-harness.ts";

describe("telegram adapter: failed polls", () => {
  const lines: string[] = [];
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegramHarness({
      adapter: { log: createLogger("warn", (line) => lines.push(line)) },
    });
  });
  afterAll(() => h.close());
  afterEach(() => vi.restoreAllMocks());

  it("go through dafu's logger, not the console", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    h.fake.dropNext("getUpdates", 1);
    const failed = () => lines.some((l) => l.includes("telegram getUpdates failed"));
    while (!failed()) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failed()).toBe(true);
    expect(printed).not.toHaveBeenCalled();
  });
});
