import { describe, expect, it } from "vitest";
import {
  createLogger,
  SecretRedactor,
  secretValuesFromEnv,
  secretValuesOfConfig,
} from "../../src/logger.ts";

/** A bot token of the shape Telegram issues (digits, colon, 35 characters); made up. */
const BOT_TOKEN = "8123456789:AAHfzQ-3xkP_7vW2Lm9RtYcE4bN0sD1gJqU";
const APP_SECRET = "kD8sLq2ZrT6wXy9PmN4vB7cH";

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger("debug", (l) => lines.push(l), { secrets });
  return { log, lines, all: () => lines.join("\n") };
}

describe("logger redaction by value", () => {
  it("keeps a bot token inside an API URL out of the message and fields", () => {
    const { log, all } = capture();
    const url = `https://api.telegram.org/bot${BOT_TOKEN}/sendMessage`;
    log.warn(`POST ${url} failed`, { url, attempt: 2 });
    expect(all()).not.toContain(BOT_TOKEN);
    expect(all()).not.toContain("AAHfzQ");
    expect(all()).toContain("https://api.telegram.org/bot[redacted]/sendMessage");
    expect(all()).toContain('attempt="2"');
  });

  it("redacts a token inside an error's message", () => {
    const { log, all } = capture();
    const error = new Error(
      `request to https://api.telegram.org/bot${BOT_TOKEN}/getUpdates failed`,
    );
    log.error("polling failed", { error });
    expect(all()).not.toContain(BOT_TOKEN);
    expect(all()).toContain("Error: request to https://api.telegram.org/bot[redacted]/getUpdates");
  });

  it("redacts registered secret values wherever they appear, also URL-encoded", () => {
    const { log, all } = capture([APP_SECRET]);
    log.info(`signing with ${APP_SECRET}`, { body: `{"x":"${APP_SECRET}"}` });
    log.info("encoded", { q: `s=${encodeURIComponent(`${APP_SECRET}/+`)}` });
    expect(all()).not.toContain(APP_SECRET);
    expect(all().match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it("redacts a secret registered after the logger was made", () => {
    const { log, lines } = capture();
    log.addSecret("wh-secret-2f9c1e7a");
    log.addSecret("abc"); // too short to be a secret: ignored
    log.info("webhook header wh-secret-2f9c1e7a rejected; abc");
    expect(lines[0]).toContain("webhook header [redacted] rejected; abc");
  });

  it("redacts token-shaped substrings nobody registered", () => {
    const { log, all } = capture();
    log.info("call", {
      auth: "Bearer t-g1044ghJRUIJJ5ELPPGZ6FALSEX7H2MOK3QNQ",
      body: '{"app_id":"cli_a1b2","app_secret":"Zq81mNvX0pLkJh"}',
      query: "grant=1&app_secret=Zq81mNvX0pLkJh&x=2",
      user: "u-5Lr7ZkPqW2nXoYbC4vD8eF1gH3",
    });
    const text = all();
    for (const secret of ["g1044ghJRUIJJ5ELPPGZ6", "Zq81mNvX0pLkJh", "5Lr7ZkPqW2nXoYbC4vD8eF1gH3"])
      expect(text).not.toContain(secret);
    expect(text).toContain("cli_a1b2");
    expect(text).toContain("x=2");
  });

  it("drops fields named like secrets whole and leaves ordinary text alone", () => {
    const { log, lines } = capture();
    log.info("ingested 1,234 replies from 沪科建复〔2024〕43号 at 12:30:45", {
      token: "short",
      dir: "t-shirts/data",
    });
    expect(lines[0]).toContain("ingested 1,234 replies from 沪科建复〔2024〕43号 at 12:30:45");
    expect(lines[0]).toContain('token="[redacted]"');
    expect(lines[0]).toContain('dir="t-shirts/data"');
  });

  it("reads the platform credentials from the environment as secrets", () => {
    const values = secretValuesFromEnv({
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      FEISHU_APP_SECRET: APP_SECRET,
      FEISHU_ENCRYPT_KEY: "enc-key-77aa",
      FEISHU_VERIFICATION_TOKEN: "verif-1234",
      TELEGRAM_WEBHOOK_SECRET: "hook-secret",
      FEISHU_APP_ID: "cli_a1b2c3",
      DAFU_LOG_LEVEL: "debug",
      EMPTY_TOKEN: "",
    });
    expect(values.sort()).toEqual(
      [BOT_TOKEN, APP_SECRET, "enc-key-77aa", "verif-1234", "hook-secret"].sort(),
    );
    const redactor = new SecretRedactor(values);
    expect(redactor.redact("key enc-key-77aa, id cli_a1b2c3")).toBe(
      "key [redacted], id cli_a1b2c3",
    );
  });

  it("finds the secrets in a settings object, at any depth", () => {
    const config = {
      dataDir: "data",
      telegram: { token: BOT_TOKEN, apiRoot: "https://api.telegram.org", webhookSecret: null },
      feishu: {
        appId: "cli_a1",
        appSecret: APP_SECRET,
        encryptKey: "enc-key-77aa",
        verificationToken: "v-123456",
      },
    };
    expect(secretValuesOfConfig(config).sort()).toEqual(
      [BOT_TOKEN, APP_SECRET, "enc-key-77aa", "v-123456"].sort(),
    );
    const { log, all } = capture(secretValuesOfConfig(config));
    log.error("feishu", { error: new Error("sign failed with key enc-key-77aa") });
    expect(all()).not.toContain("enc-key-77aa");
  });

  it("writes nothing below its level", () => {
    const lines: string[] = [];
    const log = createLogger("warn", (l) => lines.push(l), { secrets: [] });
    log.info("quiet");
    log.warn("loud");
    expect(lines).toHaveLength(1);
  });
});
