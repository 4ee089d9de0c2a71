import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";

const APP = { FEISHU_APP_ID: "cli_0123456789abcdef", FEISHU_APP_SECRET: "s3cret-value" };

describe("feishu settings", () => {
  it("are absent unless both the app id and secret are set (empty counts as unset)", () => {
    expect(loadConfig({}).feishu).toBeNull();
    expect(loadConfig({ ...APP, FEISHU_APP_SECRET: " " }).feishu).toBeNull();
    expect(loadConfig({ ...APP, FEISHU_APP_ID: "" }).feishu).toBeNull();
  });

  it("default to the long connection on open.feishu.cn", () => {
    expect(loadConfig(APP).feishu).toMatchObject({
      mode: "ws",
      domain: "https://open.feishu.cn",
      encryptKey: null,
      webhookPath: "/feishu/events",
    });
    expect(loadConfig({ ...APP, FEISHU_DOMAIN: "lark" }).feishu?.domain).toBe(
      "https://open.larksuite.com",
    );
    expect(loadConfig({ ...APP, FEISHU_DOMAIN: "http://127.0.0.1:9/" }).feishu?.domain).toBe(
      "http://127.0.0.1:9",
    );
  });

  it("require an encrypt key for the webhook, and refuse malformed values together", () => {
    expect(() => loadConfig({ ...APP, FEISHU_MODE: "webhook" })).toThrow(ConfigError);
    expect(
      loadConfig({ ...APP, FEISHU_MODE: "webhook", FEISHU_ENCRYPT_KEY: "k" }).feishu?.mode,
    ).toBe("webhook");
    try {
      loadConfig({ ...APP, FEISHU_APP_ID: "app", FEISHU_MODE: "poll", FEISHU_DOMAIN: "ftp://x" });
      expect.fail("accepted bad settings");
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });
});
