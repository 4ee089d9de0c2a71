import { describe, expect, it } from "vitest";
import { parseIntent, parseSubscriptionIntent } from "../../src/answering/intent.ts";
import { parseSettingsCommand } from "../../src/answering/settings-command.ts";

describe("subscription commands: reading them", () => {
  it("reads the commands and their Chinese words", () => {
    expect(parseSubscriptionIntent("/subscribe 养老 社区")).toEqual({
      kind: "subscribe",
      filterText: "养老 社区",
      recent: false,
    });
    expect(parseSubscriptionIntent("/subscribe@DafuBot")).toEqual({
      kind: "subscribe",
      filterText: "",
      recent: false,
    });
    expect(parseSubscriptionIntent("订阅：通山 2024 --recent")).toEqual({
      kind: "subscribe",
      filterText: "通山 2024",
      recent: true,
    });
    expect(parseSubscriptionIntent("/ask /unsubscribe 3")).toEqual({
      kind: "unsubscribe",
      target: "3",
    });
    expect(parseSubscriptionIntent("退订 all")).toEqual({ kind: "unsubscribe", target: "all" });
    expect(parseSubscriptionIntent("我的订阅")).toEqual({ kind: "subscriptions" });
    expect(parseSubscriptionIntent("提醒设置 每日 8点")).toEqual({
      kind: "settings",
      args: "每日 8点",
    });
  });

  it("leaves questions and other commands alone", () => {
    for (const text of ["订阅号怎么申请", "如何订阅政府公报", "/help", "/doc 沪科提复〔2023〕45号"])
      expect(parseSubscriptionIntent(text)).toBeNull();
    expect(parseIntent("订阅号怎么申请").kind).toBe("question");
  });
});

describe("settings: reading a change", () => {
  const change = (text: string) => {
    const read = parseSettingsCommand(text);
    return read.kind === "change" ? read.patch : read.kind;
  };

  it("reads instant, a daily digest, quiet hours and silent in English and Chinese", () => {
    expect(change("")).toBe("show");
    expect(change("instant")).toEqual({ delivery: "instant" });
    expect(change("即时")).toEqual({ delivery: "instant" });
    expect(change("digest 8")).toEqual({ delivery: "digest", digestHour: 8 });
    expect(change("每日 ８点")).toEqual({ delivery: "digest", digestHour: 8 });
    expect(change("每天20:00")).toEqual({ delivery: "digest", digestHour: 20 });
    expect(change("quiet 22-7")).toEqual({ quietStart: 1320, quietEnd: 420 });
    expect(change("免打扰 22:30 到 7:15")).toEqual({ quietStart: 1350, quietEnd: 435 });
    expect(change("quiet off")).toEqual({ quietStart: null, quietEnd: null });
    expect(change("免打扰 关")).toEqual({ quietStart: null, quietEnd: null });
    expect(change("silent on")).toEqual({ silent: true });
    expect(change("静音 关")).toEqual({ silent: false });
  });

  it("refuses what it cannot read, saying why", () => {
    expect(parseSettingsCommand("digest 25")).toMatchObject({ kind: "bad" });
    expect(parseSettingsCommand("quiet 7-7")).toMatchObject({ kind: "bad" });
    expect(parseSettingsCommand("quiet 25-7")).toMatchObject({ kind: "bad" });
    expect(parseSettingsCommand("每周一")).toMatchObject({ kind: "bad" });
  });
});
