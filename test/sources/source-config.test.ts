import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";

describe("source settings", () => {
  it("defaults: no source, 900 s, 10 listing pages, 5 MB, 30 s", () => {
    expect(loadConfig({}).sources).toEqual({
      addresses: [],
      intervalS: 900,
      maxListingPages: 10,
      maxPageKb: 5120,
      timeoutS: 30,
    });
  });

  it("reads a comma-separated list (duplicates once) and any positive interval", () => {
    const { sources } = loadConfig({
      DAFU_SOURCES:
        " https://a.gov.cn/col/index.html ,http://b.gov.cn/jyta/，https://a.gov.cn/col/index.html",
      DAFU_SOURCE_INTERVAL_S: "2.5",
    });
    expect(sources.addresses).toEqual(["https://a.gov.cn/col/index.html", "http://b.gov.cn/jyta/"]);
    expect(sources.intervalS).toBe(2.5);
  });

  it("reports every bad value in one error", () => {
    const read = () =>
      loadConfig({
        DAFU_SOURCES: "ftp://a.gov.cn/x,not an address",
        DAFU_SOURCE_INTERVAL_S: "0",
        DAFU_SOURCE_MAX_PAGES: "2.5",
        DAFU_SOURCE_TIMEOUT_S: "-1",
      });
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      const problems = (error as ConfigError).problems.join("\n");
      for (const name of [
        "ftp://a.gov.cn/x",
        "DAFU_SOURCE_INTERVAL_S",
        "DAFU_SOURCE_MAX_PAGES",
        "DAFU_SOURCE_TIMEOUT_S",
      ])
        expect(problems).toContain(name);
    }
  });

  it("writes each address the way the poller compares them", () => {
    const { sources } = loadConfig({
      DAFU_SOURCES: "HTTP://A.Gov.CN/col/index.html,http://a.gov.cn",
    });
    expect(sources.addresses).toEqual(["http://a.gov.cn/col/index.html", "http://a.gov.cn/"]);
  });

  it("refuses an address with a user name or password, without repeating the password", () => {
    try {
      loadConfig({ DAFU_SOURCES: "https://reader:hunter2secret@a.gov.cn/col/index.html" });
      expect.unreachable("a password in DAFU_SOURCES was accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = `${(error as ConfigError).message}\n${(error as ConfigError).problems.join("\n")}`;
      expect(text).toContain("https://a.gov.cn");
      expect(text).toContain("用户名或密码");
      expect(text).not.toContain("hunter2secret");
    }
  });
});
