import { describe, expect, it } from "vitest";
import type { SettingsView } from "../../src/answering/reply-model.ts";
import { settingsReplyLines } from "../../src/answering/subscription-text.ts";

const defaults: SettingsView = {
  delivery: "instant",
  digestHour: 9,
  quietStart: null,
  quietEnd: null,
  silent: false,
  timeZone: "Asia/Shanghai",
};

const suggested = (settings: SettingsView) =>
  settingsReplyLines({ kind: "settings", settings, changed: null }).at(-1) ?? "";

describe("settings reply", () => {
  it("suggests the changes that would change something", () => {
    expect(suggested(defaults)).toBe(
      "修改：/settings digest 8 | /settings quiet 22-7 | /settings silent on",
    );
    const changed = suggested({
      ...defaults,
      delivery: "digest",
      quietStart: 1320,
      quietEnd: 420,
      silent: true,
    });
    expect(changed).toBe(
      "修改：/settings instant | /settings quiet 22-7 | /settings quiet off | /settings silent off",
    );
  });
});
