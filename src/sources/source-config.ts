/** Settings of the poller of government disclosure columns. */
export interface SourcesConfig {
  /** Listing addresses followed. Env `DAFU_SOURCES`, comma-separated; empty = no polling. */
  readonly addresses: readonly string[];
  /** Seconds between two polls of a source. Env `DAFU_SOURCE_INTERVAL_S`, default 900 (any positive value). */
  readonly intervalS: number;
  /** Listing pages read per source and round (the first and its next pages). Env `DAFU_SOURCE_MAX_PAGES`, default 10. */
  readonly maxListingPages: number;
  /** Largest page read, in KB; larger responses are skipped. Env `DAFU_SOURCE_MAX_KB`, default 5120. */
  readonly maxPageKb: number;
  /** Seconds one request may take, body included. Env `DAFU_SOURCE_TIMEOUT_S`, default 30. */
  readonly timeoutS: number;
}

/** Reads the poller's settings, adding any problem (in Chinese) to `problems`. */
export function sourcesConfig(env: NodeJS.ProcessEnv, problems: string[]): SourcesConfig {
  const addresses = (env.DAFU_SOURCES ?? "")
    .split(/[,，\s]+/)
    .map((a) => a.trim())
    .filter(Boolean)
    .flatMap((text) => {
      const problem = addressProblem(text);
      if (problem) problems.push(problem);
      // Written the way the poller compares addresses (host in lower case, path escaped).
      return problem ? [] : [new URL(text).href];
    });
  const number = (name: string, fallback: number, integer: boolean): number => {
    const value = Number(env[name]?.trim() || String(fallback));
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      problems.push(`${name} 必须是大于 0 的${integer ? "整数" : "数"}`);
      return fallback;
    }
    return value;
  };
  return Object.freeze({
    addresses: Object.freeze([...new Set(addresses)]),
    intervalS: number("DAFU_SOURCE_INTERVAL_S", 900, false),
    maxListingPages: number("DAFU_SOURCE_MAX_PAGES", 10, true),
    maxPageKb: number("DAFU_SOURCE_MAX_KB", 5120, false),
    timeoutS: number("DAFU_SOURCE_TIMEOUT_S", 30, false),
  });
}

/** Why a listing address cannot be followed (in Chinese), or null. */
function addressProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `DAFU_SOURCES 中的 ${JSON.stringify(text)} 不是 http(s) 地址`;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    return `DAFU_SOURCES 中的 ${JSON.stringify(text)} 不是 http(s) 地址`;
  }
  if (url.username || url.password) {
    // Never echo the password: it would land in the log.
    return `DAFU_SOURCES 中的 ${url.protocol}//${url.host}… 含有用户名或密码；公开栏目无需登录，请去掉`;
  }
  return null;
}
